package dev.tokenomics.client.cli;

import dev.tokenomics.client.config.ConnectionSettings;
import dev.tokenomics.client.config.FabricConnectionConfig;
import dev.tokenomics.client.contract.FabricConnection;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Fabric connection flags: a connection.env file, then TOKENOMICS_* variables, then these flags.
 * The identity's files are --cert-file/--key-file: a bare --key would also read as the
 * idempotency key of enqueue and status (--idempotency-key). Commands that submit transactions
 * use {@link SubmittingFabricOptions}, which adds --commit-timeout.
 */
class FabricOptions {
    @Option(names = "--connection", defaultValue = "${env:TOKENOMICS_CONNECTION}",
            description = "connection.env file (default: $TOKENOMICS_CONNECTION); the devnet writes one")
    Path connectionFile;

    @Option(names = "--identity", defaultValue = "${env:TOKENOMICS_IDENTITY:-ADMIN}",
            description = "Identity from the connection file: ADMIN, OPERATOR or USER1 (default: ${DEFAULT-VALUE})")
    String identity;

    @Option(names = "--peer-endpoint", description = "host:port of the peer gateway")
    String peerEndpoint;

    @Option(names = "--host-alias", description = "TLS server name override")
    String hostAlias;

    @Option(names = "--tls-ca", description = "TLS CA certificate (PEM); empty for plaintext")
    String tlsCa;

    @Option(names = "--msp-id", description = "MSP id of the identity")
    String mspId;

    @Option(names = "--cert-file", paramLabel = "FILE", description = "X.509 certificate (PEM) of the identity (env: TOKENOMICS_CERT)")
    String certFile;

    @Option(names = "--key-file", paramLabel = "FILE", description = "Private key (PEM) of the identity (env: TOKENOMICS_KEY)")
    String keyFile;

    @Option(names = "--channel", description = "Channel (default: mychannel)")
    String channel;

    @Option(names = "--chaincode", description = "Chaincode name (default: tokenomics)")
    String chaincode;

    FabricConnectionConfig config() {
        return ConnectionSettings.fromFile(connectionFile)
                .withEnvironment(System.getenv())
                .with("PEER_ENDPOINT", peerEndpoint)
                .with("HOST_ALIAS", hostAlias)
                .with("TLS_CA", tlsCa)
                .with("MSP_ID", mspId)
                .with("CERT", certFile)
                .with("KEY", keyFile)
                .with("CHANNEL", channel)
                .with("CHAINCODE", chaincode)
                .resolve(identity);
    }

    FabricConnection connect() {
        return FabricConnection.open(config(), commitTimeout());
    }

    /** How long a commit status is awaited; a command that never submits never waits for one. */
    Duration commitTimeout() {
        return Duration.parse(SubmittingFabricOptions.DEFAULT_COMMIT_TIMEOUT);
    }
}
