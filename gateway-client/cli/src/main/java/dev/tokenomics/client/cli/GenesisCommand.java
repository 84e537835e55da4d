package dev.tokenomics.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tokenomics.client.contract.ChaincodeErrorCode;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.SubmitResult;
import dev.tokenomics.client.contract.TokenomicsContract;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "genesis", mixinStandardHelpOptions = true,
        description = {
            "Initialize the chaincode (if needed) and distribute the genesis allocation: wallets <prefix>000.. with"
                    + " --balance each, plus race-from (1000) and race-to (0) for the seed race.",
            "Initialize makes the members of --admin-msp admins and of --operator-msp operators (default: the MSP of the"
                    + " connecting identity), so genesis works on a network whose certificates carry no tokenomics.role"
                    + " attribute, such as cryptogen's.",
            "A genesis happens once. When one exists, it is compared with the one asked for: exit 0 if they are the same,"
                    + " else exit 1 naming the wallets that differ (nothing is created)."},
        exitCodeList = "1:a genesis that differs already exists (nothing created), or the chaincode rejected a transaction",
        footer = {"Examples: genesis --connection .devnet/connection.env --wallets 50 --balance 100000",
            "          genesis --admin-msp Org1MSP --operator-msp Org1MSP,Org2MSP"})
final class GenesisCommand implements Callable<Integer> {
    static final String RACE_FROM = "race-from";
    static final String RACE_TO = "race-to";
    private static final long RACE_FROM_BALANCE = 1000;
    /** Bounds the replay of chaincode events that finds an existing genesis. */
    private static final Duration READ_GENESIS_TIMEOUT = Duration.ofSeconds(60);

    @Spec
    CommandSpec spec;

    @Mixin
    SubmittingFabricOptions fabric;

    @Option(names = "--wallets", defaultValue = "50", description = "Number of wallets (default: ${DEFAULT-VALUE})")
    int wallets;

    @Option(names = "--balance", defaultValue = "100000", description = "Balance of each wallet in minor units (default: ${DEFAULT-VALUE})")
    long balance;

    @Option(names = "--prefix", defaultValue = "w", description = "Wallet id prefix (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--owner", description = "Owner id of the wallets (default: the client id of the connecting identity)")
    String owner;

    @Option(names = "--admin-msp", split = ",", paramLabel = "MSPID",
            description = "MSP id whose members are admins; repeatable or comma-separated, an empty value for none (roles"
                    + " from certificate attributes only). Default: the connecting identity's MSP id. Applies only when this"
                    + " call initializes the chaincode.")
    List<String> adminMsps;

    @Option(names = "--operator-msp", split = ",", paramLabel = "MSPID",
            description = "MSP id whose members are operators; like --admin-msp.")
    List<String> operatorMsps;

    @Override
    public Integer call() throws Exception {
        if (wallets < 2 || balance < 0) {
            throw new IllegalArgumentException("--wallets must be >= 2 and --balance >= 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (FabricConnection connection = fabric.connect()) {
            TokenomicsContract contract = connection.contract();
            String callerMsp = connection.config().mspId();
            initialize(contract, out, mspIds(adminMsps, callerMsp), mspIds(operatorMsps, callerMsp));
            String ownerId = owner != null ? owner : clientId(connection);
            List<GenesisAllocation> asked = allocations(ownerId);
            try {
                SubmitResult result = contract.distributeGenesis(body(asked));
                out.println("genesis: distributed " + range() + " and " + RACE_FROM + " (tx " + result.transactionId() + ", block "
                        + result.blockNumber() + ")");
            } catch (ChaincodeRejectedException e) {
                if (e.code() != ChaincodeErrorCode.GENESIS_ALREADY_DONE) {
                    throw e;
                }
                List<GenesisAllocation> recorded = RecordedGenesis.read(connection.network(), connection.config().chaincode(),
                        READ_GENESIS_TIMEOUT);
                GenesisDifference difference = GenesisDifference.between(recorded, asked);
                if (!difference.none()) {
                    report(difference, recorded, asked);
                    return TokenomicsCli.REJECTED;
                }
                out.println("genesis: already distributed, as asked; nothing to do");
            }
            // Genesis allocations must be positive: the race's empty destination is created separately (idempotent).
            contract.createWallet(RACE_TO, ownerId);
            // Counts every wallet genesis leaves, race-to included, as reconcile's "ledger: n wallets" does right after it.
            out.println("genesis: " + (asked.size() + 1) + " wallets (" + range() + ", " + RACE_FROM + ", " + RACE_TO + " with 0), supply "
                    + (wallets * balance + RACE_FROM_BALANCE));
            out.flush();
            return 0;
        }
    }

    private static void initialize(TokenomicsContract contract, PrintWriter out, List<String> admins, List<String> operators)
            throws LedgerException {
        JsonObject config = new JsonObject();
        config.addProperty("symbol", "GXT");
        config.addProperty("decimals", 2);
        config.add("adminMspIds", jsonArray(admins));
        config.add("operatorMspIds", jsonArray(operators));
        try {
            contract.initialize(config.toString());
            out.println("genesis: chaincode initialized; admins: " + roleHolders(admins) + "; operators: " + roleHolders(operators));
        } catch (ChaincodeRejectedException e) {
            if (e.code() != ChaincodeErrorCode.ALREADY_INITIALIZED) {
                throw e;
            }
            out.println("genesis: chaincode already initialized (its admin and operator MSPs stay as they are)");
        }
    }

    private void report(GenesisDifference difference, List<GenesisAllocation> recorded, List<GenesisAllocation> asked) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("genesis: a genesis already exists with " + recorded.size() + " wallets ("
                + GenesisDifference.name(recorded.stream().map(GenesisAllocation::walletId).sorted().toList()) + "), not the "
                + asked.size() + " asked for; nothing was created. A genesis happens once: add wallets with CreateWallet and Mint.");
        difference.describe().forEach(line -> err.println("  " + line));
        err.flush();
    }

    /** The given MSP ids without blanks (an empty value means none), or the caller's MSP when none were given. */
    private static List<String> mspIds(List<String> given, String callerMsp) {
        if (given == null) {
            return List.of(callerMsp);
        }
        return given.stream().map(String::trim).filter(id -> !id.isEmpty()).distinct().toList();
    }

    private List<GenesisAllocation> allocations(String ownerId) {
        List<GenesisAllocation> allocations = new ArrayList<>();
        for (int i = 0; i < wallets; i++) {
            allocations.add(new GenesisAllocation(walletId(prefix, i), ownerId, balance));
        }
        allocations.add(new GenesisAllocation(RACE_FROM, ownerId, RACE_FROM_BALANCE));
        return allocations;
    }

    private static String body(List<GenesisAllocation> allocations) {
        JsonArray items = new JsonArray();
        allocations.forEach(allocation -> items.add(allocation.toJson()));
        JsonObject body = new JsonObject();
        body.add("allocations", items);
        return body.toString();
    }

    private static JsonArray jsonArray(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    private static String roleHolders(List<String> mspIds) {
        return mspIds.isEmpty() ? "by certificate attribute only" : "members of " + String.join(", ", mspIds);
    }

    /** The numbered wallets, e.g. {@code w000..w049}. */
    private String range() {
        return walletId(prefix, 0) + ".." + walletId(prefix, wallets - 1);
    }

    static String walletId(String prefix, int index) {
        return String.format("%s%03d", prefix, index);
    }

    /** The connecting identity's id as the chaincode sees it (the owner that may transfer from the wallets). */
    private static String clientId(FabricConnection connection) {
        return FabricClientId.of(ClientIdCommand.certificate(connection.config().certPath()));
    }
}
