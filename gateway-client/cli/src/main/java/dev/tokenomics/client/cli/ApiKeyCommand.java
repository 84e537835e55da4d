package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.service.ApiKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "api-key", mixinStandardHelpOptions = true, description = "API keys of the HTTP service (serve): one tenant per key.",
        subcommands = {ApiKeyCommand.Create.class, ApiKeyCommand.Revoke.class})
final class ApiKeyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        TokenomicsCli.requireSubcommand(spec);
    }

    /** The key goes to stdout alone (for $(...)), once: only its hash is stored. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a key for a tenant and print it once (stdout); its id, which revokes it, goes to stderr.",
            footer = "Example: KEY=$(api-key create --tenant shop)")
    static final class Create implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Mixin
        TenantOption tenant;

        @Override
        public Integer call() throws Exception {
            try (Database database = db.openMigrated()) {
                ApiKeys.CreatedKey created = new ApiKeys(database.dataSource()).create(tenant.tenant);
                System.out.println(created.key());
                System.err.println("api-key: key " + created.id() + " for tenant " + created.tenantId()
                        + " (shown once: only its hash is stored; revoke with api-key revoke --id " + created.id() + ")");
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: requests with it are 401 from now on.",
            exitCodeList = "1:no active key with that id")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DatabaseOptions db;

        @Option(names = "--id", required = true, description = "The key's id, as create printed it")
        long id;

        @Override
        public Integer call() throws Exception {
            try (Database database = db.openMigrated()) {
                if (!new ApiKeys(database.dataSource()).revoke(id)) {
                    System.err.println("api-key: no active key with id " + id);
                    return TokenomicsCli.REJECTED;
                }
                System.err.println("api-key: key " + id + " revoked");
                return 0;
            }
        }
    }
}
