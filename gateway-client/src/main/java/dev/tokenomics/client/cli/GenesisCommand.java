package dev.tokenomics.client.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tokenomics.client.contract.ChaincodeErrorCode;
import dev.tokenomics.client.contract.ChaincodeRejectedException;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SubmitResult;
import dev.tokenomics.client.contract.TokenomicsContract;
import java.io.Reader;
import java.nio.file.Files;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.hyperledger.fabric.client.identity.Identities;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "genesis", mixinStandardHelpOptions = true,
        description = "Initialize the chaincode (if needed) and distribute the genesis allocation: wallets <prefix>000.. with"
                + " --balance each, plus race-from (1000) and race-to (0) for the seed race.",
        footer = "Example: genesis --connection .devnet/connection.env --wallets 50 --balance 100000")
final class GenesisCommand implements Callable<Integer> {
    static final String RACE_FROM = "race-from";
    static final String RACE_TO = "race-to";

    @Mixin
    FabricOptions fabric;

    @Option(names = "--wallets", defaultValue = "50", description = "Number of wallets (default: ${DEFAULT-VALUE})")
    int wallets;

    @Option(names = "--balance", defaultValue = "100000", description = "Balance of each wallet in minor units (default: ${DEFAULT-VALUE})")
    long balance;

    @Option(names = "--prefix", defaultValue = "w", description = "Wallet id prefix (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--owner", description = "Owner id of the wallets (default: the client id of the connecting identity)")
    String owner;

    @Override
    public Integer call() throws Exception {
        if (wallets < 2 || balance < 0) {
            throw new IllegalArgumentException("--wallets must be >= 2 and --balance >= 0");
        }
        try (FabricConnection connection = fabric.connect()) {
            TokenomicsContract contract = connection.contract();
            try {
                contract.initialize("{\"symbol\":\"GXT\",\"decimals\":2,\"adminMspIds\":[],\"operatorMspIds\":[]}");
                System.out.println("genesis: chaincode initialized");
            } catch (ChaincodeRejectedException e) {
                if (e.code() != ChaincodeErrorCode.ALREADY_INITIALIZED) {
                    throw e;
                }
                System.out.println("genesis: chaincode already initialized");
            }
            String ownerId = owner != null ? owner : clientId(connection);
            JsonArray allocations = new JsonArray();
            for (int i = 0; i < wallets; i++) {
                allocations.add(allocation(walletId(prefix, i), ownerId, balance));
            }
            allocations.add(allocation(RACE_FROM, ownerId, 1000));
            JsonObject body = new JsonObject();
            body.add("allocations", allocations);
            try {
                SubmitResult result = contract.distributeGenesis(body.toString());
                System.out.println("genesis: " + (wallets + 1) + " wallets, supply " + (wallets * balance + 1000)
                        + " (tx " + result.transactionId() + ", block " + result.blockNumber() + ")");
            } catch (ChaincodeRejectedException e) {
                if (e.code() != ChaincodeErrorCode.GENESIS_ALREADY_DONE) {
                    throw e;
                }
                System.out.println("genesis: already distributed");
            }
            // Genesis allocations must be positive: the race's empty destination is created separately (idempotent).
            contract.createWallet(RACE_TO, ownerId);
            return 0;
        }
    }

    static String walletId(String prefix, int index) {
        return String.format("%s%03d", prefix, index);
    }

    private static JsonObject allocation(String walletId, String owner, long amount) {
        JsonObject allocation = new JsonObject();
        allocation.addProperty("walletId", walletId);
        allocation.addProperty("owner", owner);
        allocation.addProperty("amount", amount);
        return allocation;
    }

    /** Fabric's client identity id: x509::subject::issuer. */
    private static String clientId(FabricConnection connection) throws Exception {
        try (Reader reader = Files.newBufferedReader(connection.config().certPath())) {
            X509Certificate cert = Identities.readX509Certificate(reader);
            return "x509::" + cert.getSubjectX500Principal().getName() + "::" + cert.getIssuerX500Principal().getName();
        }
    }
}
