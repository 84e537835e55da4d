package dev.tokenomics.devnet.compat;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.junit.DevnetExtension;
import dev.tokenomics.devnet.junit.DevnetGateway;
import io.grpc.Status;
import java.nio.file.Files;
import java.util.Arrays;
import org.hyperledger.fabric.client.ChaincodeEvent;
import org.hyperledger.fabric.client.CloseableIterator;
import org.hyperledger.fabric.client.CommitStatusException;
import org.hyperledger.fabric.client.Gateway;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.client.SubmitException;
import org.hyperledger.fabric.client.SubmittedTransaction;
import org.hyperledger.fabric.client.Transaction;
import org.hyperledger.fabric.client.identity.Identities;
import org.hyperledger.fabric.client.identity.Signer;
import org.hyperledger.fabric.client.identity.Signers;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.gateway.PreparedTransaction;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.TxValidationCode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** J20, J21: signatures made outside the client, tampered signatures and a tampered prepared transaction. */
class OfflineSigningTest {
    @RegisterExtension
    static final DevnetExtension devnet = BasicNetwork.extension();
    static DevnetGateway unsigned;
    static Gateway gateway;
    static Signer signer;

    @BeforeAll
    static void connectWithoutSigner() throws Exception {
        unsigned = DevnetGateway.connectWithoutSigner(devnet.devnet(), "USER1");
        gateway = unsigned.gateway();
        signer = Signers.newPrivateKeySigner(Identities.readPrivateKey(Files.readString(devnet.devnet().identity("USER1").keyPem())));
    }

    @AfterAll
    static void close() {
        unsigned.close();
    }

    private static byte[] sign(byte[] digest) throws Exception {
        return signer.sign(digest);
    }

    private static byte[] tampered(byte[] signature) {
        byte[] copy = Arrays.copyOf(signature, signature.length);
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }

    @Nested
    class SignedOffline {
        @Test
        void proposalTransactionCommitAndEventsWorkAsWithASigner() throws Exception {
            long from = devnet.devnet().ledger().height();
            Proposal unsignedProposal = unsigned.contract(BasicNetwork.CHAINCODE).newProposal("event").addArguments("offline", "ok").build();
            Proposal proposal = gateway.newSignedProposal(unsignedProposal.getBytes(), sign(unsignedProposal.getDigest()));
            Transaction unsignedTx = proposal.endorse();
            Transaction tx = gateway.newSignedTransaction(unsignedTx.getBytes(), sign(unsignedTx.getDigest()));
            SubmittedTransaction submitted = tx.submitAsync();
            var commit = gateway.newSignedCommit(submitted.getBytes(), sign(submitted.getDigest()));

            assertThat(new String(tx.getResult(), UTF_8)).isEqualTo("ok");
            assertThat(commit.getStatus().getCode()).isEqualTo(TxValidationCode.VALID);
            var request = unsigned.network().newChaincodeEventsRequest(BasicNetwork.CHAINCODE).startBlock(from).build();
            try (CloseableIterator<ChaincodeEvent> events = gateway
                    .newSignedChaincodeEventsRequest(request.getBytes(), sign(request.getDigest())).getEvents()) {
                assertThat(events.next().getTransactionId()).isEqualTo(tx.getTransactionId());
            }
        }

        @Test
        void aTamperedProposalSignatureIsRefusedAsAccessDenied() throws Exception {
            Proposal unsignedProposal = unsigned.contract(BasicNetwork.CHAINCODE).newProposal("echo").addArguments("x").build();
            Proposal proposal = gateway.newSignedProposal(unsignedProposal.getBytes(), tampered(sign(unsignedProposal.getDigest())));

            GatewayException e = catchThrowableOfType(GatewayException.class, proposal::evaluate);

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getMessage()).contains("error validating proposal: access denied: channel [mychannel] creator org [Org1MSP]");
        }

        @Test
        void aTamperedTransactionSignatureIsForbiddenByTheOrderer() throws Exception {
            Transaction unsignedTx = endorsedPut("offline-forbidden");
            Transaction tx = gateway.newSignedTransaction(unsignedTx.getBytes(), tampered(sign(unsignedTx.getDigest())));

            SubmitException e = catchThrowableOfType(SubmitException.class, tx::submitAsync);

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.ABORTED);
            assertThat(e.getMessage()).contains("received unsuccessful response from orderer: status=FORBIDDEN");
        }

        @Test
        void aTamperedCommitStatusSignatureIsPermissionDenied() throws Exception {
            Transaction unsignedTx = endorsedPut("offline-status");
            SubmittedTransaction submitted = gateway.newSignedTransaction(unsignedTx.getBytes(), sign(unsignedTx.getDigest())).submitAsync();
            var commit = gateway.newSignedCommit(submitted.getBytes(), tampered(sign(submitted.getDigest())));

            CommitStatusException e = catchThrowableOfType(CommitStatusException.class, commit::getStatus);

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
    }

    @Nested
    class TamperedPreparedTransaction {
        @Test
        void withAlteredResultsFailsTheEndorsementPolicyAtCommit() throws Exception {
            Transaction unsignedTx = endorsedPut("tamper-me");
            PreparedTransaction prepared = PreparedTransaction.parseFrom(unsignedTx.getBytes());
            Envelope envelope = alterWrites(prepared.getEnvelope());
            byte[] bytes = prepared.toBuilder().setEnvelope(envelope).build().toByteArray();
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(envelope.getPayload().toByteArray());

            SubmittedTransaction submitted = gateway.newSignedTransaction(bytes, sign(digest)).submitAsync();
            var status = gateway.newSignedCommit(submitted.getBytes(), sign(submitted.getDigest())).getStatus();

            assertThat(status.getCode()).isEqualTo(TxValidationCode.ENDORSEMENT_POLICY_FAILURE);
            assertThat(new String(devnet.contract("USER1").evaluateTransaction("get", "tamper-me"), UTF_8)).isEmpty();
        }

        private Envelope alterWrites(Envelope envelope) throws Exception {
            Payload payload = Payload.parseFrom(envelope.getPayload());
            var transaction = org.hyperledger.fabric.protos.peer.Transaction.parseFrom(payload.getData());
            ChaincodeActionPayload cap = ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
            ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(cap.getAction().getProposalResponsePayload());
            ChaincodeAction action = ChaincodeAction.parseFrom(prp.getExtension());
            TxReadWriteSet rwset = TxReadWriteSet.parseFrom(action.getResults());
            var kv = org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet.parseFrom(rwset.getNsRwset(0).getRwset());
            kv = kv.toBuilder().setWrites(0, kv.getWrites(0).toBuilder().setValue(ByteString.copyFromUtf8("forged"))).build();
            rwset = rwset.toBuilder().setNsRwset(0, rwset.getNsRwset(0).toBuilder().setRwset(kv.toByteString())).build();
            action = action.toBuilder().setResults(rwset.toByteString()).build();
            prp = prp.toBuilder().setExtension(action.toByteString()).build();
            cap = cap.toBuilder().setAction(cap.getAction().toBuilder().setProposalResponsePayload(prp.toByteString())).build();
            transaction = transaction.toBuilder().setActions(0, transaction.getActions(0).toBuilder().setPayload(cap.toByteString())).build();
            return envelope.toBuilder().setPayload(payload.toBuilder().setData(transaction.toByteString()).build().toByteString()).build();
        }
    }

    private static Transaction endorsedPut(String key) throws Exception {
        Proposal unsignedProposal = unsigned.contract(BasicNetwork.CHAINCODE).newProposal("put").addArguments(key, "genuine").build();
        return gateway.newSignedProposal(unsignedProposal.getBytes(), sign(unsignedProposal.getDigest())).endorse();
    }
}
