package dev.tokenomics.client.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything needed to reach one chaincode on one channel as one identity. The same fields describe
 * the devnet and a real network; {@code tlsCaCert} null means plaintext gRPC.
 */
public record FabricConnectionConfig(
        String peerEndpoint,
        String hostAlias,
        Path tlsCaCert,
        String mspId,
        Path certPath,
        Path keyPath,
        String channel,
        String chaincode) {

    /** Checks presence and readability; throws {@link ConfigException} listing every problem at once. */
    public FabricConnectionConfig validated() {
        List<String> problems = new ArrayList<>();
        require(problems, peerEndpoint, "peer endpoint (PEER_ENDPOINT / --peer-endpoint)");
        require(problems, mspId, "MSP id (MSP_ID / --msp-id)");
        require(problems, channel, "channel (CHANNEL / --channel)");
        require(problems, chaincode, "chaincode (CHAINCODE / --chaincode)");
        if (peerEndpoint != null && !peerEndpoint.isBlank() && !peerEndpoint.matches("[^:\\s]+:\\d{1,5}")) {
            problems.add("peer endpoint '" + peerEndpoint + "' is not host:port");
        }
        readable(problems, certPath, "certificate");
        readable(problems, keyPath, "private key");
        if (tlsCaCert != null) {
            readable(problems, tlsCaCert, "TLS CA certificate");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("invalid Fabric connection config: " + String.join("; ", problems));
        }
        return this;
    }

    private static void require(List<String> problems, String value, String what) {
        if (value == null || value.isBlank()) {
            problems.add("missing " + what);
        }
    }

    private static void readable(List<String> problems, Path path, String what) {
        if (path == null) {
            problems.add("missing " + what + " path");
        } else if (!Files.isReadable(path)) {
            problems.add(what + " " + path + " is not a readable file");
        }
    }
}
