package dev.tokenomics.devnet.system;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tokenomics.devnet.ledger.BlockHashing;
import dev.tokenomics.devnet.ledger.Ledger;
import dev.tokenomics.devnet.ledger.TransactionStatus;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.Response;

/**
 * {@code qscc}, Fabric's ledger querier (core/scc/qscc): {@code GetChainInfo}, {@code GetBlockByNumber},
 * {@code GetBlockByHash}, {@code GetTransactionByID} and {@code GetBlockByTxID}, the channel being
 * the second argument (not the proposal's channel, which may be empty) and readers of that channel
 * allowed. Results are {@code common.BlockchainInfo}, {@code common.Block} and
 * {@code peer.ProcessedTransaction}; unknown ids get the block store's "no such ..." texts.
 */
final class LedgerQueries implements SystemChaincode {
    static final String NAME = "qscc";
    /** Fabric reads this block number as "the newest block". */
    private static final long NEWEST = -1L;

    private final String channelId;
    private final Ledger ledger;
    private final AccessRules access;

    LedgerQueries(String channelId, Ledger ledger, AccessRules access) {
        this.channelId = channelId;
        this.ledger = ledger;
        this.access = access;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Response invoke(SystemCall call) {
        if (call.args().size() < 2) {
            return Responses.error("Incorrect number of arguments, " + call.args().size());
        }
        String function = call.function();
        String channel = call.stringArg(1);
        if (!function.equals("GetChainInfo") && call.args().size() < 3) {
            return Responses.error("missing 3rd argument for " + function);
        }
        if (!channel.equals(channelId)) {
            return Responses.error("Invalid chain ID, " + channel);
        }
        String denied = switch (function) {
            case "GetChainInfo", "GetBlockByNumber", "GetBlockByHash", "GetTransactionByID", "GetBlockByTxID" ->
                    access.check(AccessRules.READERS, channel, call);
            default -> "Unmapped policy for qscc/" + function;
        };
        if (denied != null) {
            return Responses.error("access denied for [" + function + "][" + channel + "]: [" + denied + "]");
        }
        return switch (function) {
            case "GetChainInfo" -> chainInfo();
            case "GetBlockByNumber" -> blockByNumber(call.stringArg(2));
            case "GetBlockByHash" -> blockByHash(call.args().get(2));
            case "GetTransactionByID" -> transactionById(call.stringArg(2));
            default -> blockByTxId(call.stringArg(2));
        };
    }

    private Response chainInfo() {
        long height = ledger.height();
        BlockchainInfo.Builder info = BlockchainInfo.newBuilder().setHeight(height);
        ledger.block(height - 1).ifPresent(newest -> info
                .setCurrentBlockHash(ByteString.copyFrom(BlockHashing.headerHash(newest.getHeader())))
                .setPreviousBlockHash(newest.getHeader().getPreviousHash()));
        return Responses.success(info.build());
    }

    private Response blockByNumber(String text) {
        long number;
        try {
            number = Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            return Responses.error("Failed to parse block number with error strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
        }
        long wanted = number == NEWEST ? ledger.height() - 1 : number;
        return ledger.block(wanted).map(Responses::success).orElseGet(() -> Responses.error("Failed to get block number "
                + Long.toUnsignedString(number) + ", error no such block number [" + Long.toUnsignedString(wanted) + "] in index"));
    }

    private Response blockByHash(ByteString hash) {
        return ledger.blockByHash(hash.toByteArray()).map(Responses::success).orElseGet(() -> Responses.error("Failed to get block hash "
                + hash.toString(StandardCharsets.UTF_8) + ", error no such block hash [" + HexFormat.of().formatHex(hash.toByteArray()) + "] in index"));
    }

    private Response transactionById(String txId) {
        Optional<TransactionStatus> status = ledger.transaction(txId);
        if (status.isEmpty()) {
            return Responses.error("Failed to get transaction with id " + txId + ", error " + notIndexed(txId));
        }
        Block block = ledger.block(status.get().blockNumber()).orElseThrow();
        try {
            Envelope envelope = Envelope.parseFrom(block.getData().getData(status.get().txIndex()));
            return Responses.success(ProcessedTransaction.newBuilder()
                    .setTransactionEnvelope(envelope)
                    .setValidationCode(status.get().code().getNumber())
                    .build());
        } catch (InvalidProtocolBufferException e) {
            return Responses.error("Failed to get transaction with id " + txId + ", error " + e.getMessage());
        }
    }

    private Response blockByTxId(String txId) {
        return ledger.transaction(txId)
                .flatMap(status -> ledger.block(status.blockNumber()))
                .map(Responses::success)
                .orElseGet(() -> Responses.error("Failed to get block for txID " + txId + ", error " + notIndexed(txId)));
    }

    private static String notIndexed(String txId) {
        return "no such transaction ID [" + txId + "] in index";
    }
}
