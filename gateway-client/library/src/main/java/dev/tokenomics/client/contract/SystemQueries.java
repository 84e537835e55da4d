package dev.tokenomics.client.contract;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.hyperledger.fabric.client.Contract;
import org.hyperledger.fabric.client.GatewayException;
import org.hyperledger.fabric.client.Network;
import org.hyperledger.fabric.client.Proposal;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockchainInfo;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionArgs;
import org.hyperledger.fabric.protos.peer.lifecycle.QueryChaincodeDefinitionResult;
import org.hyperledger.fabric.protos.peer.ProcessedTransaction;
import org.hyperledger.fabric.protos.peer.TxValidationCode;

/**
 * What the peer's system chaincodes say about the channel, asked through the official client's
 * evaluate as any chaincode is: the chain's height and whether a transaction committed and how it
 * was judged, whoever submitted it (qscc; the client's commit status only follows transactions it
 * submitted itself), the channel's organizations (cscc) and a chaincode's committed definition
 * ({@code _lifecycle}). Works the same on the devnet and on Fabric's peers.
 */
public final class SystemQueries {
    private static final String APPLICATION_GROUP = "Application";
    /** How a peer's block store says it has no such transaction. */
    private static final String NO_SUCH_TRANSACTION = "no such transaction ID";

    private final Network network;
    private final Contract qscc;
    private final Contract cscc;
    private final Contract lifecycle;

    public SystemQueries(Network network) {
        this.network = network;
        this.qscc = network.getContract("qscc");
        this.cscc = network.getContract("cscc");
        this.lifecycle = network.getContract("_lifecycle");
    }

    public ChainInfo chainInfo() throws LedgerException {
        byte[] answer = evaluate(qscc, "GetChainInfo", network.getName());
        BlockchainInfo info = parse(answer, BlockchainInfo.parser(), "qscc GetChainInfo");
        return new ChainInfo(info.getHeight(), hex(info.getCurrentBlockHash()), hex(info.getPreviousBlockHash()));
    }

    /**
     * When block {@code number} was made, as its first transaction's channel header says (blocks carry no time of
     * their own; the orderer cuts a block shortly after its first transaction arrives): how long a block has waited,
     * e.g. for a projector. Reads the whole block (qscc GetBlockByNumber).
     */
    public Instant blockTimestamp(long number) throws LedgerException {
        Block block = parse(evaluate(qscc, "GetBlockByNumber", network.getName(), Long.toString(number)), Block.parser(), "qscc GetBlockByNumber");
        if (block.getData().getDataCount() == 0) {
            throw new ChaincodeFailedException("block " + number + " holds no transaction, so no time", null, null);
        }
        Envelope envelope = parse(block.getData().getData(0).toByteArray(), Envelope.parser(), "qscc GetBlockByNumber");
        Payload payload = parse(envelope.getPayload().toByteArray(), Payload.parser(), "qscc GetBlockByNumber");
        ChannelHeader header = parse(payload.getHeader().getChannelHeader().toByteArray(), ChannelHeader.parser(), "qscc GetBlockByNumber");
        return Instant.ofEpochSecond(header.getTimestamp().getSeconds(), header.getTimestamp().getNanos());
    }

    /** The organizations of the channel's application group, as its current configuration (cscc GetChannelConfig) names them. */
    public List<String> applicationOrganizations() throws LedgerException {
        byte[] answer = evaluate(cscc, "GetChannelConfig", network.getName());
        Config config = parse(answer, Config.parser(), "cscc GetChannelConfig");
        ConfigGroup application = config.getChannelGroup().getGroupsMap().get(APPLICATION_GROUP);
        return application == null ? List.of() : application.getGroupsMap().keySet().stream().sorted().toList();
    }

    /** The chaincode's committed definition ({@code _lifecycle} QueryChaincodeDefinition), or empty if none is committed. */
    public Optional<ChaincodeDefinition> chaincodeDefinition(String name) throws LedgerException {
        byte[] args = QueryChaincodeDefinitionArgs.newBuilder().setName(name).build().toByteArray();
        Proposal proposal = lifecycle.newProposal("QueryChaincodeDefinition").addArguments(args).build();
        try {
            QueryChaincodeDefinitionResult result = parse(proposal.evaluate(), QueryChaincodeDefinitionResult.parser(),
                    "_lifecycle QueryChaincodeDefinition");
            return Optional.of(new ChaincodeDefinition(name, result.getVersion(), result.getSequence()));
        } catch (GatewayException e) {
            if (GatewayErrors.describe(e).contains("namespace " + name + " is not defined")) {
                return Optional.empty();
            }
            throw GatewayErrors.classify(e, proposal.getTransactionId());
        }
    }

    /** The committed transaction with this id, or empty if the peer holds none. */
    public Optional<TransactionOutcome> transaction(String transactionId) throws LedgerException {
        // qscc takes the channel as its first argument.
        Optional<byte[]> processed = evaluateFound(qscc, "GetTransactionByID", network.getName(), transactionId);
        if (processed.isEmpty()) {
            return Optional.empty();
        }
        int code = parse(processed.get(), ProcessedTransaction.parser(), "qscc GetTransactionByID").getValidationCode();
        TxValidationCode validation = TxValidationCode.forNumber(code);
        Optional<byte[]> block = evaluateFound(qscc, "GetBlockByTxID", network.getName(), transactionId);
        if (block.isEmpty()) {
            return Optional.empty();
        }
        long number = parse(block.get(), Block.parser(), "qscc GetBlockByTxID").getHeader().getNumber();
        return Optional.of(new TransactionOutcome(transactionId, number, validation == null ? TxValidationCode.UNRECOGNIZED : validation));
    }

    /** A system chaincode's answer; empty when it says it has no such transaction. */
    private Optional<byte[]> evaluateFound(Contract contract, String function, String... args) throws LedgerException {
        try {
            return Optional.of(contract.evaluateTransaction(function, args));
        } catch (GatewayException e) {
            if (GatewayErrors.describe(e).contains(NO_SUCH_TRANSACTION)) {
                return Optional.empty();
            }
            throw GatewayErrors.classify(e, null);
        }
    }

    private byte[] evaluate(Contract contract, String function, String... args) throws LedgerException {
        return evaluateFound(contract, function, args)
                .orElseThrow(() -> new ChaincodeFailedException(function + " answered that no such transaction exists", null, null));
    }

    private static <T> T parse(byte[] bytes, Parser<T> parser, String function) throws LedgerException {
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ChaincodeFailedException(function + " answered what is not its result message: " + e.getMessage(), null, e);
        }
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }
}
