package dev.tokenomics.devnet.gateway;

import com.google.protobuf.ByteString;
import dev.tokenomics.devnet.endorser.UnpackedProposal;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ProposalResponse;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * The unsigned transaction envelope Endorse returns (gateway submit.go prepareTransaction): the
 * proposal's header bytes unchanged, one action carrying the payload without transient data and
 * the endorsed proposal response payload byte for byte.
 */
final class PreparedTransaction {
    private PreparedTransaction() {
    }

    static Envelope of(UnpackedProposal up, ProposalResponse response) {
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setChaincodeProposalPayload(up.payloadWithoutTransient().toByteString())
                .setAction(ChaincodeEndorsedAction.newBuilder()
                        .setProposalResponsePayload(response.getPayload())
                        .addEndorsements(response.getEndorsement()))
                .build();
        Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder()
                        .setHeader(up.header().getSignatureHeader())
                        .setPayload(actionPayload.toByteString()))
                .build();
        ByteString payload = Payload.newBuilder()
                .setHeader(up.header())
                .setData(transaction.toByteString())
                .build()
                .toByteString();
        return Envelope.newBuilder().setPayload(payload).build();
    }
}
