package dev.tokenomics.client.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.tokenomics.client.contract.ChainInfo;
import dev.tokenomics.client.contract.ChaincodeDefinition;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SystemQueries;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "chain-info", mixinStandardHelpOptions = true,
        description = {"Print what the peer's system chaincodes say about the channel: its height and the hashes of its last two "
                + "blocks (qscc GetChainInfo), its application organizations (cscc GetChannelConfig) and the chaincode's committed "
                + "definition (_lifecycle QueryChaincodeDefinition): which network, and which chaincode version, a connection reaches."},
        footer = "Example: chain-info --connection .devnet/connection.env")
final class ChainInfoCommand implements Callable<Integer> {
    @Mixin
    FabricOptions fabric;

    @Override
    public Integer call() throws Exception {
        try (FabricConnection connection = fabric.connect()) {
            SystemQueries system = new SystemQueries(connection.network());
            ChainInfo info = system.chainInfo();
            JsonObject json = new JsonObject();
            json.addProperty("channel", connection.network().getName());
            json.addProperty("height", info.height());
            json.addProperty("currentBlockHash", info.currentBlockHash());
            json.addProperty("previousBlockHash", info.previousBlockHash());
            JsonArray organizations = new JsonArray();
            system.applicationOrganizations().forEach(organizations::add);
            json.add("organizations", organizations);
            String chaincode = connection.config().chaincode();
            Optional<ChaincodeDefinition> definition = system.chaincodeDefinition(chaincode);
            JsonObject committed = new JsonObject();
            committed.addProperty("name", chaincode);
            definition.ifPresent(d -> {
                committed.addProperty("version", d.version());
                committed.addProperty("sequence", d.sequence());
            });
            json.add("chaincode", definition.isPresent() ? committed : null);
            System.out.println(new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json));
            return 0;
        }
    }
}
