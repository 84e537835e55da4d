package dev.tokenomics.devnet.tokenomics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tokenomics.devnet.DevnetIdentity;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.UserIdentity;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.junit.DevnetGateway;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.InMemoryCheckpointer;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The real TokenomicsContract jar on the devnet, driven only by the official fabric-gateway client. */
class TokenomicsContractTest {
    @RegisterExtension
    static final DevnetExtension devnet = DevnetExtension.tokenomics();
    static Contract admin;
    static TokenomicsLedger ledger;

    @BeforeAll
    static void genesis() throws Exception {
        admin = devnet.contract("ADMIN");
        ledger = new TokenomicsLedger(admin);
        ledger.genesis(devnet.devnet(), 1_000, "alice", "bob", "carol", "dave", "erin", "frank", "gina", "hank", "ivan", "judy", "kate");
    }

    @Nested
    class Transfer {
        @Test
        void evaluatesAndSubmitsWithDecodedResultAndValidStatus() throws Exception {
            Transaction tx = admin.newProposal("Transfer").addArguments("alice", "bob", "100").build().endorse();
            SubmittedTransaction submitted = tx.submitAsync();

            String result = new String(submitted.getResult(), UTF_8);
            assertThat(submitted.getStatus().getCode()).isEqualTo(TxValidationCode.VALID);
            assertThat(result).startsWith("{\"schemaVersion\":1,\"eventType\":\"TransferCompleted\",\"txId\":\"" + tx.getTransactionId() + "\"");
            assertThat(result).contains("\"movements\":[{\"fromId\":\"alice\",\"toId\":\"bob\",\"amount\":100}]");
            assertThat(ledger.balance("alice")).isEqualTo(900);
            assertThat(ledger.balance("bob")).isEqualTo(1_100);
        }

        @Test
        void twoEndorsedBeforeEitherCommitsFromOneWalletCommitExactlyOnce() throws Exception {
            Transaction first = admin.newProposal("Transfer").addArguments("carol", "dave", "300").build().endorse();
            Transaction second = admin.newProposal("Transfer").addArguments("carol", "erin", "300").build().endorse();

            List<TxValidationCode> codes = List.of(first.submitAsync().getStatus().getCode(), second.submitAsync().getStatus().getCode());

            assertThat(codes).containsExactlyInAnyOrder(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(ledger.balance("carol")).isEqualTo(700);
            assertThat(ledger.balance("dave") + ledger.balance("erin")).isEqualTo(2_300);
            assertThat(ledger.totalSupply()).isEqualTo(11_000);
        }

        @Test
        void insufficientFundsIsAnEndorseExceptionCarryingTheChaincodeCode() {
            EndorseException e = catchThrowableOfType(EndorseException.class,
                    () -> admin.submitTransaction("Transfer", "frank", "kate", "999999"));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(e.getDetails()).extracting(ErrorDetail::getMessage).singleElement().asString()
                    .startsWith("chaincode response 500, INSUFFICIENT_FUNDS: ");
        }
    }

    @Nested
    class TransferInternal {
        @Test
        void twoConcurrentWithOneIdempotencyKeyMoveTheAmountOnce() throws Exception {
            Transaction first = admin.newProposal("TransferInternal")
                    .addArguments("ivan", "judy", "50", "FEE", "first", "idem-1").build().endorse();
            Transaction second = admin.newProposal("TransferInternal")
                    .addArguments("ivan", "judy", "50", "FEE", "first", "idem-1").build().endorse();

            List<TxValidationCode> codes = List.of(first.submitAsync().getStatus().getCode(), second.submitAsync().getStatus().getCode());

            assertThat(codes).containsExactlyInAnyOrder(TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT);
            assertThat(ledger.balance("ivan")).isEqualTo(950);
            assertThat(ledger.balance("judy")).isEqualTo(1_050);
        }
    }

    @Nested
    class Events {
        @Test
        void replayFromACheckpointAfterAClientRestartLosesAndRepeatsNothing() throws Exception {
            long from = devnet.devnet().ledger().height();
            List<String> submitted = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Transaction tx = admin.newProposal("Transfer").addArguments("gina", "hank", "1").build().endorse();
                tx.submit();
                submitted.add(tx.getTransactionId());
            }

            InMemoryCheckpointer checkpointer = new InMemoryCheckpointer();
            List<String> seen = new ArrayList<>();
            try (DevnetGateway client = DevnetGateway.connect(devnet.devnet(), "USER1");
                 CloseableIterator<ChaincodeEvent> events = client.network().newChaincodeEventsRequest("tokenomics")
                         .startBlock(from).build().getEvents()) {
                for (int i = 0; i < 2; i++) {
                    ChaincodeEvent event = events.next();
                    seen.add(event.getTransactionId());
                    checkpointer.checkpointChaincodeEvent(event);
                }
            }
            try (DevnetGateway restarted = DevnetGateway.connect(devnet.devnet(), "USER1");
                 CloseableIterator<ChaincodeEvent> events = restarted.network().newChaincodeEventsRequest("tokenomics")
                         .checkpoint(checkpointer).build().getEvents()) {
                while (seen.size() < submitted.size()) {
                    ChaincodeEvent event = events.next();
                    assertThat(event.getEventName()).isEqualTo("TransferCompleted");
                    seen.add(event.getTransactionId());
                }
            }

            assertThat(seen).containsExactlyElementsOf(submitted);
        }
    }

    @Nested
    class Security {
        @Test
        void aProposalFromAnUnknownCaIsRejected(@TempDir Path dir) throws Exception {
            UserIdentity stranger = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com").user("ADMIN");
            try (DevnetGateway gateway = DevnetGateway.connect(devnet.devnet(),
                    new DevnetIdentity("Org1MSP", stranger.certPem(), stranger.keyPem()), b -> b)) {
                Contract contract = gateway.contract("tokenomics");

                GatewayException evaluate = catchThrowableOfType(GatewayException.class, () -> contract.evaluateTransaction("GetBalance", "alice"));
                EndorseException submit = catchThrowableOfType(EndorseException.class, () -> contract.submitTransaction("Transfer", "alice", "bob", "1"));

                assertThat(evaluate.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
                assertThat(submit.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
                assertThat(submit.getDetails()).extracting(ErrorDetail::getMessage)
                        .containsExactly("error validating proposal: access denied: channel [mychannel] creator org [Org1MSP]");
            }
        }

        @Test
        void aTamperedProposalIsRejectedAndChangesNothing() throws Exception {

            var signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(Files.readString(devnet.devnet().identity("ADMIN").keyPem())));
            try (DevnetGateway gateway = DevnetGateway.connectWithoutSigner(devnet.devnet(), "ADMIN")) {
                Proposal unsigned = gateway.contract("tokenomics").newProposal("Transfer").addArguments("kate", "frank", "1").build();
                byte[] signature = signer.sign(unsigned.getDigest());
                signature[signature.length - 1] ^= 1;

                EndorseException e = catchThrowableOfType(EndorseException.class,
                        () -> gateway.gateway().newSignedProposal(unsigned.getBytes(), signature).endorse());

                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
                assertThat(e.getDetails()).extracting(ErrorDetail::getMessage).singleElement().asString()
                        .startsWith("error validating proposal: access denied");
            }
            assertThat(ledger.balance("kate")).isEqualTo(1_000);
        }
    }
}
