package dev.tokenomics.client.cli;

import picocli.CommandLine.Option;

/** The tenant scoping outbox commands, the read model and idempotency keys. */
final class TenantOption {
    @Option(names = "--tenant", defaultValue = "${env:TOKENOMICS_TENANT:-default}", description = "Tenant (default: $TOKENOMICS_TENANT or default)")
    String tenant;
}
