package dev.tokenomics.client.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.hyperledger.fabric.client.EndorseException;
import org.junit.jupiter.api.Test;

/** What each kind of gateway error becomes, and what the CLI then says and returns. */
class GatewayErrorsTest {
    private static LedgerException endorseFailure(Status status) {
        return GatewayErrors.classify(new EndorseException("tx-1", status.asRuntimeException()), "tx-1");
    }

    @Test
    void noEndorsementPlanSaysSoInsteadOfCallingThePeerUnreachable() {
        LedgerException e = endorseFailure(Status.FAILED_PRECONDITION.withDescription(
                "no combination of peers can be derived which satisfy the endorsement policy: required chaincodes are not installed"));
        assertThat(e).isInstanceOfSatisfying(LedgerUnavailableException.class, u -> assertThat(u.grpcStatus()).isEqualTo("FAILED_PRECONDITION"));
        assertThat(e.getMessage()).startsWith("no set of peers the gateway knows can endorse this transaction now")
                .contains("(FAILED_PRECONDITION): no combination of peers").doesNotContain("unreachable");
    }

    @Test
    void anUnreachablePeerIsNamedAsSuch() {
        LedgerException e = endorseFailure(Status.UNAVAILABLE.withDescription("io exception"));
        assertThat(e).isInstanceOf(LedgerUnavailableException.class);
        assertThat(e.getMessage()).isEqualTo("Fabric peer unreachable (UNAVAILABLE): io exception");
    }

    @Test
    void aChaincodeErrorWithoutABusinessCodeIsTheChaincodesAnswerNotAnOutage() {
        LedgerException e = endorseFailure(Status.UNKNOWN.withDescription(
                "evaluate call to endorser returned error: chaincode response 500, Unexpected error"));
        assertThat(e).isInstanceOfSatisfying(ChaincodeFailedException.class, f -> {
            assertThat(f.chaincodeMessage()).isEqualTo("Unexpected error");
            assertThat(f.undefinedTransaction()).isFalse();
        });
    }

    @Test
    void aBusinessCodeIsARejection() {
        LedgerException e = endorseFailure(Status.ABORTED.withDescription("chaincode response 500, INSUFFICIENT_FUNDS: balance 5 < 8"));
        assertThat(e).isInstanceOfSatisfying(ChaincodeRejectedException.class, r -> {
            assertThat(r.code()).isEqualTo(ChaincodeErrorCode.INSUFFICIENT_FUNDS);
            assertThat(r.detail()).isEqualTo("balance 5 < 8");
        });
    }
}
