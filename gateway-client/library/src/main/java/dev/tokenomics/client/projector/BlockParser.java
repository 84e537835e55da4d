package dev.tokenomics.client.projector;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Reads a block the way Fabric lays it out: data[i] is an Envelope; its Payload's ChannelHeader
 * gives type and tx id; an endorser transaction's first action carries a ChaincodeActionPayload
 * whose ProposalResponsePayload extension is the ChaincodeAction holding the chaincode event. The
 * validation code of data[i] is byte i of the TRANSACTIONS_FILTER metadata.
 */
final class BlockParser {
    private final String chaincodeName;

    /** Only events of {@code chaincodeName} are decoded; others are kept as event-less transactions. */
    BlockParser(String chaincodeName) {
        this.chaincodeName = chaincodeName;
    }

    public ParsedBlock parse(Block block) {
        long number = block.getHeader().getNumber();
        byte[] filter = validationFilter(block, number);
        List<ParsedTransaction> transactions = new ArrayList<>();
        for (int i = 0; i < block.getData().getDataCount(); i++) {
            try {
                ParsedTransaction tx = parseEnvelope(i, block.getData().getData(i), filter[i], number);
                if (tx != null) {
                    transactions.add(tx);
                }
            } catch (InvalidProtocolBufferException e) {
                throw new MalformedBlockException("block " + number + " data[" + i + "] is not a Fabric envelope: " + e.getMessage(), e);
            }
        }
        return new ParsedBlock(number, BlockHash.of(block.getHeader()), block.getHeader().getPreviousHash(), List.copyOf(transactions),
                timestamp(block));
    }

    /** The first transaction's channel-header timestamp; null for an empty block or an unset one. Data[0] parsed above. */
    private static Instant timestamp(Block block) {
        if (block.getData().getDataCount() == 0) {
            return null;
        }
        try {
            Payload payload = Payload.parseFrom(Envelope.parseFrom(block.getData().getData(0)).getPayload());
            Timestamp stamp = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader()).getTimestamp();
            return stamp.getSeconds() == 0 && stamp.getNanos() == 0 ? null : Instant.ofEpochSecond(stamp.getSeconds(), stamp.getNanos());
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedBlockException("block " + block.getHeader().getNumber() + " data[0] is not a Fabric envelope: " + e.getMessage(), e);
        }
    }

    private static byte[] validationFilter(Block block, long number) {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE) {
            throw new MalformedBlockException("block " + number + " has no TRANSACTIONS_FILTER metadata");
        }
        byte[] filter = block.getMetadata().getMetadata(BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE).toByteArray();
        if (filter.length != block.getData().getDataCount()) {
            throw new MalformedBlockException("block " + number + " has " + block.getData().getDataCount()
                    + " transactions but " + filter.length + " validation codes");
        }
        return filter;
    }

    private ParsedTransaction parseEnvelope(int index, ByteString data, byte code, long number) throws InvalidProtocolBufferException {
        Envelope envelope = Envelope.parseFrom(data);
        Payload payload = Payload.parseFrom(envelope.getPayload());
        ChannelHeader header = ChannelHeader.parseFrom(payload.getHeader().getChannelHeader());
        if (header.getType() != HeaderType.ENDORSER_TRANSACTION_VALUE) {
            return null; // config and other system transactions carry no ledger events
        }
        TxValidationCode validation = TxValidationCode.forNumber(code & 0xff);
        if (validation == null) {
            throw new MalformedBlockException("block " + number + " tx " + header.getTxId() + " has unknown validation code " + (code & 0xff));
        }
        Transaction transaction = Transaction.parseFrom(payload.getData());
        if (transaction.getActionsCount() == 0) {
            return new ParsedTransaction(index, header.getTxId(), validation, null, null, null, null);
        }
        TransactionAction action = transaction.getActions(0);
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.parseFrom(action.getPayload());
        ProposalResponsePayload response = ProposalResponsePayload.parseFrom(actionPayload.getAction().getProposalResponsePayload());
        ChaincodeAction chaincodeAction = ChaincodeAction.parseFrom(response.getExtension());
        String chaincode = chaincodeAction.getChaincodeId().getName();
        if (chaincodeAction.getEvents().isEmpty()) {
            return new ParsedTransaction(index, header.getTxId(), validation, chaincode, null, null, null);
        }
        ChaincodeEvent event = ChaincodeEvent.parseFrom(chaincodeAction.getEvents());
        LedgerEvent ledgerEvent = null;
        CommandsApplied commandsApplied = null;
        if (chaincodeName.equals(event.getChaincodeId()) || chaincodeName.equals(chaincode)) {
            String payloadJson = event.getPayload().toString(StandardCharsets.UTF_8);
            // The chaincode names each event after its payload's eventType; the name picks the shape to parse.
            if (CommandsApplied.EVENT_TYPE.equals(event.getEventName())) {
                commandsApplied = CommandsApplied.parse(payloadJson);
            } else {
                ledgerEvent = LedgerEvent.parse(payloadJson);
            }
        }
        return new ParsedTransaction(index, header.getTxId(), validation, chaincode, event.getEventName(), ledgerEvent, commandsApplied);
    }
}
