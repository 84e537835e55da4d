package dev.tokenomics.devnet.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Derives what a committed block did to the ledger from the block alone (its envelopes and its
 * TRANSACTIONS_FILTER), so a restart rebuilds state, txid index and history by replaying blocks.
 */
public final class BlockReplay {

    private BlockReplay() {
    }

    public static List<CommittedTransaction> transactions(Block block) {
        ByteString filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE);
        List<CommittedTransaction> result = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            TxValidationCode code = i < filter.size()
                    ? TxValidationCode.forNumber(filter.byteAt(i) & 0xFF) : TxValidationCode.INVALID_OTHER_REASON;
            result.add(transaction(block.getData().getData(i), i, code == null ? TxValidationCode.INVALID_OTHER_REASON : code));
        }
        return result;
    }

    private static CommittedTransaction transaction(ByteString envelopeBytes, int index, TxValidationCode code) {
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(envelopeBytes).getPayload());
            ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
            List<StateWrite> writes = code == TxValidationCode.VALID && header.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE
                    ? writes(payload.getData()) : List.of();
            return new CommittedTransaction(header.getTxId(), index, code, header.getTimestamp(), writes);
        } catch (InvalidProtocolBufferException e) {
            if (code == TxValidationCode.VALID) {
                throw new IllegalStateException("a VALID transaction at index " + index + " cannot be parsed", e);
            }
            return new CommittedTransaction("", index, code, com.google.protobuf.Timestamp.getDefaultInstance(), List.of());
        }
    }

    /** Public writes of an endorser transaction's single action. */
    public static List<StateWrite> writes(ByteString transactionBytes) throws InvalidProtocolBufferException {
        Transaction tx = Transaction.parseFrom(transactionBytes);
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(tx.getActions(0).getPayload());
        ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
        ChaincodeAction action = ChaincodeAction.parseFrom(prp.getExtension());
        return writes(TxReadWriteSet.parseFrom(action.getResults()));
    }

    public static List<StateWrite> writes(TxReadWriteSet rwset) throws InvalidProtocolBufferException {
        List<StateWrite> writes = new ArrayList<>();
        for (NsReadWriteSet ns : rwset.getNsRwsetList()) {
            KVRWSet kv = KVRWSet.parseFrom(ns.getRwset());
            for (KVWrite w : kv.getWritesList()) {
                writes.add(new StateWrite(ns.getNamespace(), w.getKey(),
                        w.getIsDelete() || w.getValue().isEmpty() ? null : w.getValue().toByteArray()));
            }
        }
        return writes;
    }
}
