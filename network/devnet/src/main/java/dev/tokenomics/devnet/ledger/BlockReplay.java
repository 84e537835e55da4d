package dev.tokenomics.devnet.ledger;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
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
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Reads what a committed block did from the block alone (its envelopes and its TRANSACTIONS_FILTER):
 * its ledger updates, so a restart rebuilds state, txid index and history by replaying blocks, and
 * the chaincode events of its VALID transactions, for event streams that start at any block.
 */
public final class BlockReplay {

    private BlockReplay() {
    }

    public static List<CommittedTransaction> transactions(Block block) {
        ByteString filter = transactionsFilter(block);
        List<CommittedTransaction> result = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            result.add(transaction(block.getData().getData(i), i, code(filter, i)));
        }
        return result;
    }

    /**
     * The chaincode events of the block's VALID endorser transactions, in block order; an event
     * without chaincode id, name or tx id is no event, as for Fabric's event readers.
     */
    public static List<ChaincodeEvent> chaincodeEvents(Block block) {
        ByteString filter = transactionsFilter(block);
        List<ChaincodeEvent> events = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            if (code(filter, i) != TxValidationCode.VALID) {
                continue;
            }
            try {
                Payload payload = ZeroCopyParser.parse(Payload.parser(), ZeroCopyParser.parse(Envelope.parser(), block.getData().getData(i)).getPayload());
                if (ZeroCopyParser.parse(ChannelHeader.parser(), payload.getHeader().getChannelHeader()).getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
                    continue;
                }
                ChaincodeEvent event = ZeroCopyParser.parse(ChaincodeEvent.parser(), action(payload.getData()).getEvents());
                if (!event.getChaincodeId().isEmpty() && !event.getEventName().isEmpty() && !event.getTxId().isEmpty()) {
                    events.add(event);
                }
            } catch (InvalidProtocolBufferException e) {
                // A VALID transaction the committer parsed cannot fail here; a foreign block's would carry no event.
            }
        }
        return events;
    }

    private static ByteString transactionsFilter(Block block) {
        return block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                : ByteString.EMPTY;
    }

    /** The envelope's validation code; one the filter does not name is invalid. */
    private static TxValidationCode code(ByteString filter, int index) {
        TxValidationCode code = index < filter.size() ? TxValidationCode.forNumber(filter.byteAt(index) & 0xFF) : null;
        return code == null ? TxValidationCode.INVALID_OTHER_REASON : code;
    }

    private static CommittedTransaction transaction(ByteString envelopeBytes, int index, TxValidationCode code) {
        try {
            Payload payload = ZeroCopyParser.parse(Payload.parser(), ZeroCopyParser.parse(Envelope.parser(), envelopeBytes).getPayload());
            ChannelHeader header = ZeroCopyParser.parse(ChannelHeader.parser(), payload.getHeader().getChannelHeader());
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
        return writes(ZeroCopyParser.parse(TxReadWriteSet.parser(), action(transactionBytes).getResults()));
    }

    /** The chaincode action of an endorser transaction's single action. */
    private static ChaincodeAction action(ByteString transactionBytes) throws InvalidProtocolBufferException {
        Transaction tx = ZeroCopyParser.parse(Transaction.parser(), transactionBytes);
        if (tx.getActionsCount() == 0) {
            throw new InvalidProtocolBufferException("endorser transaction without actions");
        }
        ChaincodeActionPayload actionPayload = ZeroCopyParser.parse(ChaincodeActionPayload.parser(), tx.getActions(0).getPayload());
        ProposalResponsePayload prp = ZeroCopyParser.parse(ProposalResponsePayload.parser(), actionPayload.getAction().getProposalResponsePayload());
        return ZeroCopyParser.parse(ChaincodeAction.parser(), prp.getExtension());
    }

    public static List<StateWrite> writes(TxReadWriteSet rwset) throws InvalidProtocolBufferException {
        List<StateWrite> writes = new ArrayList<>();
        for (NsReadWriteSet ns : rwset.getNsRwsetList()) {
            KVRWSet kv = ZeroCopyParser.parse(KVRWSet.parser(), ns.getRwset());
            for (KVWrite w : kv.getWritesList()) {
                writes.add(new StateWrite(ns.getNamespace(), w.getKey(),
                        w.getIsDelete() || w.getValue().isEmpty() ? null : w.getValue().toByteArray()));
            }
        }
        return writes;
    }
}
