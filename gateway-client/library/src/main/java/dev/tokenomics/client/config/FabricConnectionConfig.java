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

    /** Builds a config in code; channel {@code mychannel} and chaincode {@code tokenomics} unless set. */
    public static Builder builder() {
        return new Builder();
    }

    /** The fields of a {@link FabricConnectionConfig} by name; {@link #build()} validates them. */
    public static final class Builder {
        private String peerEndpoint;
        private String hostAlias;
        private Path tlsCaCert;
        private String mspId;
        private Path certPath;
        private Path keyPath;
        private String channel = "mychannel";
        private String chaincode = "tokenomics";

        private Builder() {
        }

        /** {@code host:port} of a peer's Gateway service. */
        public Builder peerEndpoint(String value) {
            this.peerEndpoint = value;
            return this;
        }

        /** The TLS server name to expect when it differs from the endpoint's host. */
        public Builder hostAlias(String value) {
            this.hostAlias = value;
            return this;
        }

        /** PEM file of the CA that signed the peer's TLS certificate; without one, plaintext gRPC. */
        public Builder tlsCaCert(Path value) {
            this.tlsCaCert = value;
            return this;
        }

        public Builder mspId(String value) {
            this.mspId = value;
            return this;
        }

        /** PEM file of the identity's X.509 certificate. */
        public Builder certificate(Path value) {
            this.certPath = value;
            return this;
        }

        /** PEM file of the identity's private key (P-256 or P-384). */
        public Builder privateKey(Path value) {
            this.keyPath = value;
            return this;
        }

        public Builder channel(String value) {
            this.channel = value;
            return this;
        }

        public Builder chaincode(String value) {
            this.chaincode = value;
            return this;
        }

        /** @throws ConfigException listing every missing or unreadable value */
        public FabricConnectionConfig build() {
            return new FabricConnectionConfig(peerEndpoint, hostAlias, tlsCaCert, mspId, certPath, keyPath, channel, chaincode).validated();
        }
    }

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
