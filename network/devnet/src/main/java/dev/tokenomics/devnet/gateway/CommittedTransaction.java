package dev.tokenomics.devnet.gateway;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/** One envelope of a committed block as the gateway sees it: tx id, header type and validation code. */
record CommittedTransaction(long blockNumber, int index, String txId, int headerType, TxValidationCode code, Payload payload) {

    /** Every parsable envelope of the block, in block order; unparsable ones are skipped as Fabric's readers do. */
    static List<CommittedTransaction> of(Block block) {
        ByteString filter = block.getMetadata().getMetadataCount() > BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE
                ? block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE)
                : ByteString.EMPTY;
        List<CommittedTransaction> transactions = new ArrayList<>(block.getData().getDataCount());
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            try {
                Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(i)).getPayload());
                ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
                TxValidationCode code = i < filter.size()
                        ? Optional.ofNullable(TxValidationCode.forNumber(filter.byteAt(i) & 0xff)).orElse(TxValidationCode.INVALID_OTHER_REASON)
                        : TxValidationCode.INVALID_OTHER_REASON;
                transactions.add(new CommittedTransaction(block.getHeader().getNumber(), i, header.getTxId(),
                        header.getType(), code, payload));
            } catch (InvalidProtocolBufferException e) {
                // Not a transaction anyone can wait for or take events from.
            }
        }
        return transactions;
    }

    /** The chaincode event of a VALID endorser transaction, if it carries one with chaincode id, name and tx id. */
    Optional<ChaincodeEvent> chaincodeEvent() {
        if (code != TxValidationCode.VALID || headerType != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            return Optional.empty();
        }
        try {
            Transaction transaction = Transaction.parseFrom(payload.getData());
            if (transaction.getActionsCount() == 0) {
                return Optional.empty();
            }
            ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(transaction.getActions(0).getPayload());
            ProposalResponsePayload prp = ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
            ChaincodeAction action = ChaincodeAction.parseFrom(prp.getExtension());
            ChaincodeEvent event = ChaincodeEvent.parseFrom(action.getEvents());
            if (event.getChaincodeId().isEmpty() || event.getEventName().isEmpty() || event.getTxId().isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(event);
        } catch (InvalidProtocolBufferException e) {
            return Optional.empty();
        }
    }
}
