package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.junit.DevnetGateway;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayInputStream;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.SignedProposal;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code peer chaincode query|invoke} path (Endorser, AtomicBroadcast, DeliverFiltered) with the
 * messages the Fabric CLI builds, since no {@code peer} binary exists here to run the real one.
 */
class PeerCliFlowTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension();
    static ManagedChannel channel;
    static PeerCli cli;

    @BeforeAll
    static void connect() throws Exception {
        channel = DevnetGateway.channel(devnet.devnet());
        cli = new PeerCli(channel, devnet.devnet().channel(), BasicNetwork.CHAINCODE, devnet.devnet().identity("USER1"));
    }

    @AfterAll
    static void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void queryReturnsTheChaincodeResponseAndOrdersNothing() throws Exception {
        long height = devnet.devnet().ledger().height();

        ProposalResponse response = cli.processProposal(cli.proposal("echo", "conga").signed());

        assertThat(response.getResponse().getStatus()).isEqualTo(200);
        assertThat(response.getResponse().getPayload().toStringUtf8()).isEqualTo("conga");
        assertThat(devnet.devnet().ledger().height()).isEqualTo(height);
    }

    @Test
    void invokeIsEndorsedBroadcastAndCommittedValid() throws Exception {
        PeerCli.SignedInvocation put = cli.proposal("put", "cli-key", "cli-value");

        ProposalResponse endorsed = cli.processProposal(put.signed());
        assertThat(endorsed.getResponse().getStatus()).isEqualTo(200);
        assertThat(endorsementVerifies(endorsed)).as("peer signature over payload ‖ endorser").isTrue();
        assertThat(cli.broadcast(cli.signedTransaction(put.proposal(), endorsed)).getStatus())
                .isEqualTo(org.hyperledger.fabric.protos.common.Status.SUCCESS);

        assertThat(cli.awaitValidation(put.txId(), Duration.ofSeconds(30))).isEqualTo(TxValidationCode.VALID);
        assertThat(cli.processProposal(cli.proposal("get", "cli-key").signed()).getResponse().getPayload().toString(UTF_8))
                .isEqualTo("cli-value");
    }

    @Test
    void twoInvokesEndorsedBeforeEitherCommitsOneIsAnMvccConflict() throws Exception {
        PeerCli.SignedInvocation first = cli.proposal("increment", "cli-counter");
        PeerCli.SignedInvocation second = cli.proposal("increment", "cli-counter");
        ProposalResponse firstEndorsed = cli.processProposal(first.signed());
        ProposalResponse secondEndorsed = cli.processProposal(second.signed());

        cli.broadcast(cli.signedTransaction(first.proposal(), firstEndorsed));
        cli.broadcast(cli.signedTransaction(second.proposal(), secondEndorsed));

        assertThat(cli.awaitValidation(first.txId(), Duration.ofSeconds(30))).isEqualTo(TxValidationCode.VALID);
        assertThat(cli.awaitValidation(second.txId(), Duration.ofSeconds(30))).isEqualTo(TxValidationCode.MVCC_READ_CONFLICT);
        assertThat(cli.processProposal(cli.proposal("get", "cli-counter").signed()).getResponse().getPayload().toString(UTF_8))
                .isEqualTo("1");
    }

    @Test
    void aChaincodeErrorComesBackInsideTheProposalResponseWithoutEndorsement() throws Exception {
        ProposalResponse response = cli.processProposal(cli.proposal("errorMessage", "BOOM").signed());

        assertThat(response.getResponse().getStatus()).isEqualTo(500);
        assertThat(response.getResponse().getMessage()).isEqualTo("BOOM");
        assertThat(response.hasEndorsement()).isFalse();
    }

    @Test
    void aTamperedProposalIsAGrpcErrorNamingTheAccessDenial() throws Exception {
        SignedProposal signed = cli.proposal("put", "cli-tampered", "v").signed();
        byte[] signature = signed.getSignature().toByteArray();
        signature[signature.length - 1] ^= 1;
        SignedProposal tampered = signed.toBuilder().setSignature(ByteString.copyFrom(signature)).build();

        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> cli.processProposal(tampered));

        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNKNOWN);
        assertThat(e.getStatus().getDescription()).contains("access denied");
        assertThat(cli.processProposal(cli.proposal("get", "cli-tampered").signed()).getResponse().getPayload().isEmpty()).isTrue();
    }

    private static boolean endorsementVerifies(ProposalResponse response) throws Exception {
        SerializedIdentity endorser = SerializedIdentity.parseFrom(response.getEndorsement().getEndorser());
        assertThat(endorser.getMspid()).isEqualTo(devnet.devnet().mspId());
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(endorser.getIdBytes().toByteArray()));
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(response.getPayload().concat(response.getEndorsement().getEndorser()).toByteArray());
        return verifier.verify(response.getEndorsement().getSignature().toByteArray());
    }
}
