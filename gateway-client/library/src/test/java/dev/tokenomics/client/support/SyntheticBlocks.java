package dev.tokenomics.client.support;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.ByteString;
import dev.tokenomics.client.projector.BlockHash;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockData;
import org.hyperledger.fabric.protos.common.BlockHeader;
import org.hyperledger.fabric.protos.common.BlockMetadata;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.protos.peer.ChaincodeID;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * Builds blocks in Fabric's own protobuf layout carrying contract-shaped chaincode events, for the
 * projector replay benchmark and for projector tests that need failure shapes on demand. Blocks are
 * chained as on a channel: a block's previous_hash is the header hash of the block this instance
 * built last with the number before it (empty if none), and its data_hash covers its envelopes.
 */
public final class SyntheticBlocks {
    private final String channel;
    private final String chaincode;
    private final Map<Long, ByteString> hashes = new ConcurrentHashMap<>();

    public SyntheticBlocks(String channel, String chaincode) {
        this.channel = channel;
        this.chaincode = chaincode;
    }

    /** A transaction to put in a block: its id, validation code, event name and JSON payload. */
    public record Tx(String txId, TxValidationCode code, String eventName, String payloadJson) {
    }

    public Block block(long number, List<Tx> transactions) {
        BlockData.Builder data = BlockData.newBuilder();
        byte[] filter = new byte[transactions.size()];
        for (int i = 0; i < transactions.size(); i++) {
            Tx tx = transactions.get(i);
            data.addData(envelope(tx).toByteString());
            filter[i] = (byte) tx.code().getNumber();
        }
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < BlockMetadataIndex.COMMIT_HASH_VALUE + 1; i++) {
            metadata.addMetadata(i == BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE ? ByteString.copyFrom(filter) : ByteString.EMPTY);
        }
        return chained(number, data.build(), metadata.build());
    }

    private Block chained(long number, BlockData data, BlockMetadata metadata) {
        BlockHeader header = BlockHeader.newBuilder()
                .setNumber(number)
                .setPreviousHash(hashes.getOrDefault(number - 1, ByteString.EMPTY))
                .setDataHash(dataHash(data))
                .build();
        hashes.put(number, BlockHash.of(header));
        return Block.newBuilder().setHeader(header).setData(data).setMetadata(metadata).build();
    }

    private static ByteString dataHash(BlockData data) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            data.getDataList().forEach(envelope -> digest.update(envelope.toByteArray()));
            return ByteString.copyFrom(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The genesis/config block: one CONFIG envelope, no ledger events. */
    public Block configBlock() {
        ChannelHeader header = ChannelHeader.newBuilder().setType(HeaderType.CONFIG_VALUE).setChannelId(channel).build();
        Envelope envelope = Envelope.newBuilder().setPayload(Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(header.toByteString())).build().toByteString()).build();
        BlockMetadata.Builder metadata = BlockMetadata.newBuilder();
        for (int i = 0; i < BlockMetadataIndex.COMMIT_HASH_VALUE + 1; i++) {
            metadata.addMetadata(i == BlockMetadataIndex.TRANSACTIONS_FILTER_VALUE ? ByteString.copyFrom(new byte[1]) : ByteString.EMPTY);
        }
        return chained(0, BlockData.newBuilder().addData(envelope.toByteString()).build(), metadata.build());
    }

    private Envelope envelope(Tx tx) {
        ChannelHeader header = ChannelHeader.newBuilder()
                .setType(HeaderType.ENDORSER_TRANSACTION_VALUE).setChannelId(channel).setTxId(tx.txId()).build();
        ChaincodeAction.Builder action = ChaincodeAction.newBuilder().setChaincodeId(ChaincodeID.newBuilder().setName(chaincode));
        if (tx.eventName() != null) {
            action.setEvents(ChaincodeEvent.newBuilder().setChaincodeId(chaincode).setTxId(tx.txId()).setEventName(tx.eventName())
                    .setPayload(ByteString.copyFrom(tx.payloadJson(), StandardCharsets.UTF_8)).build().toByteString());
        }
        ProposalResponsePayload response = ProposalResponsePayload.newBuilder().setExtension(action.build().toByteString()).build();
        ChaincodeActionPayload actionPayload = ChaincodeActionPayload.newBuilder()
                .setAction(ChaincodeEndorsedAction.newBuilder().setProposalResponsePayload(response.toByteString())).build();
        Transaction transaction = Transaction.newBuilder()
                .addActions(TransactionAction.newBuilder().setPayload(actionPayload.toByteString())).build();
        Payload payload = Payload.newBuilder()
                .setHeader(Header.newBuilder().setChannelHeader(header.toByteString()))
                .setData(transaction.toByteString()).build();
        return Envelope.newBuilder().setPayload(payload.toByteString()).build();
    }

    /** Start a contract-shaped event payload (fields are written in the contract's order). */
    public static EventPayload event(String eventType, String txId) {
        return new EventPayload(eventType, txId);
    }

    /** Builder for one chaincode event payload of the cross-module contract. */
    public static final class EventPayload {
        private final String eventType;
        private final String txId;
        private String idempotencyKey;
        private String txType;
        private final JsonArray movements = new JsonArray();
        private final JsonArray wallets = new JsonArray();
        private Long totalSupply;
        private String reason;
        private String originalTxId;

        private EventPayload(String eventType, String txId) {
            this.eventType = eventType;
            this.txId = txId;
        }

        public EventPayload key(String value) {
            idempotencyKey = value;
            return this;
        }

        public EventPayload txType(String value) {
            txType = value;
            return this;
        }

        public EventPayload move(String fromId, String toId, long amount) {
            JsonObject movement = new JsonObject();
            movement.addProperty("fromId", fromId);
            movement.addProperty("toId", toId);
            movement.addProperty("amount", amount);
            movements.add(movement);
            return this;
        }

        public EventPayload wallet(String walletId, String owner, long balance, String status) {
            JsonObject state = new JsonObject();
            state.addProperty("walletId", walletId);
            state.addProperty("owner", owner);
            state.addProperty("balance", balance);
            state.addProperty("status", status);
            wallets.add(state);
            return this;
        }

        public EventPayload supply(long value) {
            totalSupply = value;
            return this;
        }

        public EventPayload reason(String value) {
            reason = value;
            return this;
        }

        public EventPayload original(String value) {
            originalTxId = value;
            return this;
        }

        public String json() {
            return toJson().toString();
        }

        private JsonObject toJson() {
            JsonObject json = new JsonObject();
            json.addProperty("schemaVersion", 1);
            json.addProperty("eventType", eventType);
            json.addProperty("txId", txId);
            json.addProperty("txTimestamp", "2026-11-23T21:25:28.123Z");
            json.add("idempotencyKey", idempotencyKey == null ? JsonNull.INSTANCE : new JsonPrimitive(idempotencyKey));
            json.add("txType", txType == null ? JsonNull.INSTANCE : new JsonPrimitive(txType));
            json.add("remark", JsonNull.INSTANCE);
            json.add("movements", movements);
            json.add("wallets", wallets);
            json.add("totalSupply", totalSupply == null ? JsonNull.INSTANCE : new JsonPrimitive(totalSupply));
            json.add("reason", reason == null ? JsonNull.INSTANCE : new JsonPrimitive(reason));
            json.add("originalTxId", originalTxId == null ? JsonNull.INSTANCE : new JsonPrimitive(originalTxId));
            return json;
        }
    }

    /** Start the CommandsApplied payload of an ApplyCommands transaction; commands get positions in the order added. */
    public static CommandsAppliedPayload commandsApplied(String txId) {
        return new CommandsAppliedPayload(txId);
    }

    /** Builder for the event (and result) of ApplyCommands: one outcome per command of the envelope. */
    public static final class CommandsAppliedPayload {
        private final String txId;
        private final JsonArray commands = new JsonArray();

        private CommandsAppliedPayload(String txId) {
            this.txId = txId;
        }

        /** Applied by this transaction: {@code result} is the event its single transaction would emit, with this txId. */
        public CommandsAppliedPayload applied(String type, String key, EventPayload result) {
            return add(type, key, "APPLIED", result.toJson(), JsonNull.INSTANCE);
        }

        /** The key already stored this request: {@code stored} is the original event (its txId the original transaction's). */
        public CommandsAppliedPayload replayed(String type, String key, EventPayload stored) {
            return add(type, key, "REPLAYED", stored.toJson(), JsonNull.INSTANCE);
        }

        public CommandsAppliedPayload rejected(String type, String key, String code, String message) {
            JsonObject error = new JsonObject();
            error.addProperty("code", code);
            error.addProperty("message", message);
            error.add("details", new JsonObject());
            return add(type, key, "REJECTED", JsonNull.INSTANCE, error);
        }

        private CommandsAppliedPayload add(String type, String key, String outcome, JsonElement result, JsonElement error) {
            JsonObject command = new JsonObject();
            command.addProperty("position", commands.size());
            command.addProperty("type", type);
            command.addProperty("idempotencyKey", key);
            command.addProperty("outcome", outcome);
            command.add("result", result);
            command.add("error", error);
            commands.add(command);
            return this;
        }

        public String json() {
            JsonObject json = new JsonObject();
            json.addProperty("schemaVersion", 1);
            json.addProperty("eventType", "CommandsApplied");
            json.addProperty("txId", txId);
            json.addProperty("txTimestamp", "2026-11-23T21:25:28.123Z");
            json.add("commands", commands);
            return json.toString();
        }

        /** The VALID transaction carrying this event. */
        public Tx tx() {
            return new Tx(txId, TxValidationCode.VALID, "CommandsApplied", json());
        }
    }
}
