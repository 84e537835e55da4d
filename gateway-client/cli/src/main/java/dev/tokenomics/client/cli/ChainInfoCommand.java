package dev.tokenomics.client.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.tokenomics.client.contract.ChainInfo;
import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.SystemQueries;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "chain-info", mixinStandardHelpOptions = true,
        description = "Print the channel's height and the hashes of its last two blocks, as the peer's qscc answers GetChainInfo.",
        footer = "Example: chain-info --connection .devnet/connection.env")
final class ChainInfoCommand implements Callable<Integer> {
    @Mixin
    FabricOptions fabric;

    @Override
    public Integer call() throws Exception {
        try (FabricConnection connection = fabric.connect()) {
            ChainInfo info = new SystemQueries(connection.network()).chainInfo();
            JsonObject json = new JsonObject();
            json.addProperty("channel", connection.network().getName());
            json.addProperty("height", info.height());
            json.addProperty("currentBlockHash", info.currentBlockHash());
            json.addProperty("previousBlockHash", info.previousBlockHash());
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(json));
            return 0;
        }
    }
}
