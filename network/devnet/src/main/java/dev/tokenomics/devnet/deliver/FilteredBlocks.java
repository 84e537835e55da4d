package dev.tokenomics.devnet.deliver;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.proto.ZeroCopyParser;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.FilteredBlock;
import org.hyperledger.fabric.protos.peer.FilteredChaincodeAction;
import org.hyperledger.fabric.protos.peer.FilteredTransaction;
import org.hyperledger.fabric.protos.peer.FilteredTransactionActions;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * A block as DeliverFiltered sends it (Fabric's toFilteredBlock): per envelope its txid, header
 * type and validation code; for endorser transactions the chaincode event without its payload.
 * Envelopes that cannot be parsed (only ever invalid ones) are skipped rather than failing the block.
 */
public final class FilteredBlocks {

    private FilteredBlocks() {
    }

    public static FilteredBlock of(Block block, String channelId) {
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) : ByteString.EMPTY;
        FilteredBlock.Builder filtered = FilteredBlock.newBuilder().setChannelId(channelId).setNumber(block.getHeader().getNumber());
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            try {
                Payload payload = ZeroCopyParser.parse(Payload.parser(), ZeroCopyParser.parse(Envelope.parser(), block.getData().getData(i)).getPayload());
                if (!payload.hasHeader()) {
                    continue;
                }
                ChannelHeader header = ZeroCopyParser.parse(ChannelHeader.parser(), payload.getHeader().getChannelHeader());
                FilteredTransaction.Builder tx = FilteredTransaction.newBuilder()
                        .setTxid(header.getTxId())
                        .setTypeValue(header.getType())
                        .setTxValidationCodeValue(i < filter.size()
                                ? filter.byteAt(i) & 0xFF : TxValidationCode.INVALID_OTHER_REASON_VALUE);
                if (header.getType() == HeaderType.ENDORSER_TRANSACTION_VALUE) {
                    tx.setTransactionActions(actions(ZeroCopyParser.parse(Transaction.parser(), payload.getData())));
                }
                filtered.addFilteredTransactions(tx);
            } catch (InvalidProtocolBufferException e) {
                // an envelope the committer already marked invalid; Fabric's event clients skip it too
            }
        }
        return filtered.build();
    }

    private static FilteredTransactionActions actions(Transaction tx) throws InvalidProtocolBufferException {
        FilteredTransactionActions.Builder actions = FilteredTransactionActions.newBuilder();
        for (TransactionAction action : tx.getActionsList()) {
            ChaincodeActionPayload payload = ZeroCopyParser.parse(ChaincodeActionPayload.parser(), action.getPayload());
            ProposalResponsePayload prp = ZeroCopyParser.parse(ProposalResponsePayload.parser(), payload.getAction().getProposalResponsePayload());
            ChaincodeEvent event = ZeroCopyParser.parse(ChaincodeEvent.parser(), ZeroCopyParser.parse(ChaincodeAction.parser(), prp.getExtension()).getEvents());
            if (!event.getChaincodeId().isEmpty()) {
                actions.addChaincodeActions(FilteredChaincodeAction.newBuilder().setChaincodeEvent(
                        ChaincodeEvent.newBuilder().setTxId(event.getTxId()).setChaincodeId(event.getChaincodeId())
                                .setEventName(event.getEventName())));
            }
        }
        return actions.build();
    }
}
