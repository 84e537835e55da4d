package dev.tokenomics.devnet.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.DevnetIdentity;
import dev.tokenomics.devnet.identity.DevnetCrypto;
import dev.tokenomics.devnet.identity.UserIdentity;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.junit.DevnetGateway;
import io.grpc.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.EndorseException;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.gateway.CommitStatusRequest;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.hyperledger.fabric.protos.gateway.ErrorDetail;
import org.hyperledger.fabric.protos.gateway.SignedCommitStatusRequest;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** J5–J9, J23 and unsupported shim calls: Fabric's codes, messages and details for every failure. */
class ErrorMappingTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension();
    static Contract contract;

    @BeforeAll
    static void connect() {
        contract = devnet.contract("USER1");
    }

    @Nested
    class ChaincodeError {
        @Test
        void onEvaluateIsUnknownWithTheChaincodeResponse() {
            GatewayException e = catchThrowableOfType(GatewayException.class, () -> contract.evaluateTransaction("errorMessage", "BOOM"));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
            assertThat(e.getMessage()).contains("evaluate call to endorser returned error: chaincode response 500, BOOM");
            assertThat(e.getDetails()).singleElement().satisfies(d -> {
                assertThat(d.getMspId()).isEqualTo("Org1MSP");
                assertThat(d.getAddress()).isEqualTo(devnet.devnet().endpoint());
                assertThat(d.getMessage()).isEqualTo("chaincode response 500, BOOM");
            });
        }

        @Test
        void onSubmitIsAbortedWithOneDetailCarryingTheMessage() {
            EndorseException e = catchThrowableOfType(EndorseException.class, () -> contract.submitTransaction("errorMessage", "BOOM"));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(e.getStatus().getDescription()).isEqualTo("failed to endorse transaction, see attached details for more info");
            assertThat(e.getDetails()).extracting(ErrorDetail::getMessage).containsExactly("chaincode response 500, BOOM");
            assertThat(e.getTransactionId()).isNotBlank();
        }

        @Test
        void unknownFunctionIsTheContractApisUndefinedMethod() {
            GatewayException evaluate = catchThrowableOfType(GatewayException.class, () -> contract.evaluateTransaction("nonexistentFn"));
            EndorseException submit = catchThrowableOfType(EndorseException.class, () -> contract.submitTransaction("nonexistentFn"));

            assertThat(evaluate.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
            assertThat(evaluate.getMessage()).contains("chaincode response 500, Undefined contract method called");
            assertThat(submit.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(submit.getDetails()).extracting(ErrorDetail::getMessage)
                    .containsExactly("chaincode response 500, Undefined contract method called");
        }
    }

    @Nested
    class UnknownChaincode {
        @Test
        void isFailedPreconditionOnEvaluateAndEndorse() {
            Contract nope = devnet.gateway("USER1").contract("nope");

            GatewayException evaluate = catchThrowableOfType(GatewayException.class, () -> nope.evaluateTransaction("x"));
            EndorseException submit = catchThrowableOfType(EndorseException.class, () -> nope.submitTransaction("x"));

            assertThat(evaluate.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(evaluate.getStatus().getDescription()).isEqualTo("no peers available to evaluate chaincode nope in channel mychannel");
            assertThat(submit.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(submit.getStatus().getDescription()).startsWith("no combination of peers can be derived which satisfy the endorsement policy");
        }
    }

    @Nested
    class ForeignIdentity {
        @Test
        void fromAnUnknownCaIsRefusedAsAccessDenied(@TempDir Path dir) {
            UserIdentity stranger = DevnetCrypto.createOrLoad(dir, "Org1MSP", "org1.example.com").user("USER1");

            GatewayException e = evaluateAs(new DevnetIdentity("Org1MSP", stranger.certPem(), stranger.keyPem()));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getMessage()).contains("error validating proposal: access denied: channel [mychannel] creator org [Org1MSP]");
            assertThat(e.getDetails()).hasSize(1);
        }

        @Test
        void fromAnotherMspIsRefusedNamingThatMsp(@TempDir Path dir) {
            UserIdentity stranger = DevnetCrypto.createOrLoad(dir, "Org2MSP", "org2.example.com").user("USER1");

            GatewayException e = evaluateAs(new DevnetIdentity("Org2MSP", stranger.certPem(), stranger.keyPem()));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getMessage()).contains("access denied: channel [mychannel] creator org [Org2MSP]");
        }

        private GatewayException evaluateAs(DevnetIdentity identity) {
            try (DevnetGateway gateway = DevnetGateway.connect(devnet.devnet(), identity, b -> b)) {
                return catchThrowableOfType(GatewayException.class,
                        () -> gateway.contract(BasicNetwork.CHAINCODE).evaluateTransaction("echo", "x"));
            }
        }
    }

    @Nested
    class CommitStatus {
        @Test
        void ofATransactionThatNeverCommitsEndsAtTheClientDeadline() throws Exception {
            DevnetIdentity user = devnet.devnet().identity("USER1");
            Signer signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(Files.readString(user.keyPem())));
            Proposal proposal = contract.newProposal("echo").addArguments("never submitted").build();
            byte[] request = CommitStatusRequest.newBuilder()
                    .setChannelId("mychannel")
                    .setTransactionId(proposal.getTransactionId())
                    .setIdentity(SerializedIdentity.newBuilder()
                            .setMspid("Org1MSP")
                            .setIdBytes(ByteString.copyFrom(Files.readAllBytes(user.certPem())))
                            .build().toByteString())
                    .build().toByteArray();
            byte[] signature = signer.sign(MessageDigest.getInstance("SHA-256").digest(request));
            byte[] unsigned = SignedCommitStatusRequest.newBuilder().setRequest(ByteString.copyFrom(request)).build().toByteArray();

            CommitStatusException e = catchThrowableOfType(CommitStatusException.class, () -> devnet.gateway("USER1").gateway()
                    .newSignedCommit(unsigned, signature)
                    .getStatus(options -> options.withDeadlineAfter(1, TimeUnit.SECONDS)));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
        }
    }

    /**
     * The peer answers these with ERROR and Fabric's text (asserted in TransactionContextTest); the
     * Java shim turns any ERROR into its own generic exception, so the client sees that, at once.
     */
    @Nested
    class UnsupportedShimCalls {
        @Test
        void richQueryFailsInsteadOfHanging() {
            assertChaincodeSawAnError(() -> contract.evaluateTransaction("richQuery", "{}"));
        }

        @Test
        void privateDataFailsInsteadOfHanging() {
            assertChaincodeSawAnError(() -> contract.evaluateTransaction("privateGet", "secrets", "k"));
        }

        @Test
        void aWriteAfterAPaginatedQueryFails() {
            assertChaincodeSawAnError(() -> contract.evaluateTransaction("pageThenPut", "", ""));
        }

        private void assertChaincodeSawAnError(ThrowingCallable call) {
            GatewayException e = catchThrowableOfType(GatewayException.class, call);

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
            assertThat(e.getMessage()).contains("chaincode response 500").contains("Unsuccessful response received");
        }
    }
}
