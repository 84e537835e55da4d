package dev.tokenomics.chaincode;

import static dev.tokenomics.chaincode.identity.Identities.ADMIN;
import static dev.tokenomics.chaincode.identity.Identities.ALICE;
import static dev.tokenomics.chaincode.identity.Identities.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.contract.RouterAccess;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tokenomics.chaincode.stub.RecordingStub;

/**
 * Through the shim's own ContractRouter, as a peer invokes the chaincode: wire names route,
 * String arguments arrive untouched, results are our canonical JSON bytes, and a rejection becomes
 * a 500 response whose message starts with the code and whose payload is the error JSON.
 */
class ContractRoutingTest extends LedgerFixture {
    private static ContractRouter router;

    @BeforeAll
    static void loadRouter() {
        router = RouterAccess.loadedRouter();
    }

    @BeforeEach
    void ledger() {
        aliceHolds1000();
    }

    @Test
    void transferRoutesByWireNameAndReturnsTheEventJson() {
        RecordingStub stub = cc.stub(ALICE, "Transfer", "w1", "w2", "800");
        Response response = router.invoke(stub);

        assertThat(response.getStatus()).isEqualTo(Response.Status.SUCCESS);
        assertThat(response.getStringPayload()).isEqualTo(stub.getEvent().getPayload().toStringUtf8());
        assertThat(stub.getEvent().getEventName()).isEqualTo("TransferCompleted");
        cc.commit(stub);
        assertThat(balance("w2")).isEqualTo(800);
    }

    @Test
    void applyCommandsRoutesAndAnswersWithEachCommandsOutcome() {
        RecordingStub stub = cc.stub(ADMIN, "ApplyCommands",
                envelope(transferCommand("a", "w1", "w2", 800), supplyCommand("MINT", "b", "w2", 5)));
        Response response = router.invoke(stub);

        assertThat(response.getStatus()).isEqualTo(Response.Status.SUCCESS);
        assertThat(stub.getEvent().getEventName()).isEqualTo("CommandsApplied");
        assertThat(response.getStringPayload()).contains("\"position\":0,\"type\":\"TRANSFER\",\"idempotencyKey\":\"a\",\"outcome\":\"APPLIED\"",
                "\"position\":1,\"type\":\"MINT\",\"idempotencyKey\":\"b\",\"outcome\":\"APPLIED\"");
        cc.commit(stub);
        assertThat(balance("w2")).isEqualTo(805);
    }

    @Test
    void aMalformedEnvelopeIsAnErrorResponse() {
        Response response = router.invoke(cc.stub(ADMIN, "ApplyCommands", envelope()));

        assertThat(response.getStatus()).isEqualTo(Response.Status.INTERNAL_SERVER_ERROR);
        assertThat(response.getMessage()).isEqualTo("INVALID_ARGUMENT: commands must move 1 to 1000 times");
    }

    @Test
    void contractQualifiedNameRoutesToo() {
        Response response = router.invoke(cc.stub(BOB, "TokenomicsContract:GetBalance", "w1"));
        assertThat(response.getStringPayload()).isEqualTo("{\"walletId\":\"w1\",\"balance\":1000}");
    }

    @Test
    void rejectionBecomesAnErrorResponseWithCodeMessageAndJsonPayload() {
        Response response = router.invoke(cc.stub(ALICE, "Transfer", "w1", "w2", "1001"));

        assertThat(response.getStatus()).isEqualTo(Response.Status.INTERNAL_SERVER_ERROR);
        assertThat(response.getMessage()).isEqualTo("INSUFFICIENT_FUNDS: wallet w1 holds 1000, needs 1001");
        assertThat(new String(response.getPayload(), StandardCharsets.UTF_8))
                .isEqualTo("{\"code\":\"INSUFFICIENT_FUNDS\",\"message\":\"wallet w1 holds 1000, needs 1001\","
                        + "\"details\":{\"amount\":1001,\"balance\":1000,\"walletId\":\"w1\"}}");
    }

    @Test
    void jsonLookingStringArgumentsAreNotReinterpreted() {
        Response response = router.invoke(cc.stub(BOB, "GetWallet", "{\"walletId\":\"w1\"}"));
        // The shim hands String parameters over verbatim: the JSON text is taken as a (missing) wallet id.
        assertThat(response.getMessage()).isEqualTo("NOT_FOUND: wallet {\"walletId\":\"w1\"} does not exist");
    }
}
