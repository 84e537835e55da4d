package dev.tokenomics.client.cli;

import dev.tokenomics.client.outbox.InvalidCommandException;
import dev.tokenomics.client.outbox.TenantIds;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The tenant scoping outbox commands, the read model and idempotency keys; refused at parse time unless it follows {@link TenantIds}. */
final class TenantOption {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    String tenant;

    @Option(names = "--tenant", defaultValue = "${env:TOKENOMICS_TENANT:-default}",
            description = "Tenant: 1-55 of A-Z a-z 0-9 . _ - (default: $TOKENOMICS_TENANT or default)")
    void tenant(String value) {
        try {
            tenant = TenantIds.require(value);
        } catch (InvalidCommandException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
