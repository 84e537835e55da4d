package dev.tokenomics.client.cli;

import java.time.Duration;
import picocli.CommandLine.Option;

/** The Fabric connection flags of a command that submits transactions: those of every command, and --commit-timeout. */
final class SubmittingFabricOptions extends FabricOptions {
    static final String DEFAULT_COMMIT_TIMEOUT = "PT60S";

    @Option(names = "--commit-timeout", defaultValue = DEFAULT_COMMIT_TIMEOUT,
            description = "How long to wait for a transaction's commit status (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration commitTimeout;

    @Override
    Duration commitTimeout() {
        return commitTimeout;
    }
}
