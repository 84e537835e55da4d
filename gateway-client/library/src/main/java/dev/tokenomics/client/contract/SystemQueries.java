package dev.tokenomics.client.contract;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.util.HexFormat;
import java.util.Optional;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * What the peer's query system chaincode (qscc) says about the channel, asked through the official
 * client's evaluate as any chaincode is: the chain's height, and whether a transaction committed
 * and how it was judged, whoever submitted it (the client's commit status only follows
 * transactions it submitted itself). Works the same on the devnet and on Fabric's peers.
 */
public final class SystemQueries {
    private static final String QSCC = "qscc";
    /** How a peer's block store says it has no such transaction. */
    private static final String NO_SUCH_TRANSACTION = "no such transaction ID";

    private final Network network;
    private final Contract qscc;

    public SystemQueries(Network network) {
        this.network = network;
        this.qscc = network.getContract(QSCC);
    }

    public ChainInfo chainInfo() throws LedgerException {
        byte[] answer = evaluate("GetChainInfo").orElseThrow();
        BlockchainInfo info = parse(answer, BlockchainInfo.parser(), "GetChainInfo");
        return new ChainInfo(info.getHeight(), hex(info.getCurrentBlockHash()), hex(info.getPreviousBlockHash()));
    }

    /** The committed transaction with this id, or empty if the peer holds none. */
    public Optional<TransactionOutcome> transaction(String transactionId) throws LedgerException {
        Optional<byte[]> processed = evaluate("GetTransactionByID", transactionId);
        if (processed.isEmpty()) {
            return Optional.empty();
        }
        int code = parse(processed.get(), ProcessedTransaction.parser(), "GetTransactionByID").getValidationCode();
        TxValidationCode validation = TxValidationCode.forNumber(code);
        Optional<byte[]> block = evaluate("GetBlockByTxID", transactionId);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        long number = parse(block.get(), Block.parser(), "GetBlockByTxID").getHeader().getNumber();
        return Optional.of(new TransactionOutcome(transactionId, number, validation == null ? TxValidationCode.UNRECOGNIZED : validation));
    }

    /** qscc's answer; empty when it says it has no such transaction. The channel is qscc's first argument. */
    private Optional<byte[]> evaluate(String function, String... args) throws LedgerException {
        String[] withChannel = new String[args.length + 1];
        withChannel[0] = network.getName();
        System.arraycopy(args, 0, withChannel, 1, args.length);
        try {
            return Optional.of(qscc.evaluateTransaction(function, withChannel));
        } catch (GatewayException e) {
            if (GatewayErrors.describe(e).contains(NO_SUCH_TRANSACTION)) {
                return Optional.empty();
            }
            throw GatewayErrors.classify(e, null);
        }
    }

    private static <T> T parse(byte[] bytes, Parser<T> parser, String function) throws LedgerException {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ChaincodeFailedException("qscc " + function + " answered what is not its result message: " + e.getMessage(), null, e);
        }
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
