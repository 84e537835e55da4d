package dev.tokenomics.client.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.readmodel.CommandStatusQuery;
import dev.tokenomics.client.readmodel.CommandStatusView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Print a command's status (PENDING, PROCESSING, CONFIRMED, FAILED + reason).",
        exitCodeList = "1:no command with that id or idempotency key for the tenant")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    TenantOption tenant;

    @ArgGroup(multiplicity = "1")
    Target target;

    static final class Target {
        @Option(names = "--id", description = "Command id returned by enqueue")
        Long id;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Idempotency key given to enqueue")
        String idempotencyKey;
    }

    @Option(names = "--wait", description = "Poll until CONFIRMED or FAILED, at most this long (ISO-8601, e.g. PT30S)")
    Duration wait;

    static String json(CommandStatusView v) {
        JsonObject json = new JsonObject();
        json.addProperty("id", v.id());
        json.addProperty("idempotencyKey", v.idempotencyKey());
        json.addProperty("commandType", v.commandType());
        json.addProperty("status", v.status().name());
        json.addProperty("reason", v.reason());
        json.addProperty("detail", v.detail());
        json.addProperty("transactionId", v.transactionId());
        json.addProperty("blockNumber", v.blockNumber());
        json.addProperty("attempts", v.attempts());
        json.addProperty("createdAt", v.createdAt() == null ? null : v.createdAt().toString());
        json.addProperty("confirmedAt", v.confirmedAt() == null ? null : v.confirmedAt().toString());
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(json);
    }

    @Override
    public Integer call() throws Exception {
        try (Database database = db.openMigrated()) {
            CommandStatusQuery query = new CommandStatusQuery(database.dataSource());
            long deadline = System.nanoTime() + (wait == null ? 0 : wait.toNanos());
            Optional<CommandStatusView> view;
            while (true) {
                view = target.id != null ? query.byId(tenant.tenant, target.id) : query.byIdempotencyKey(tenant.tenant, target.idempotencyKey);
                boolean terminal = view.map(v -> v.status().terminal()).orElse(false);
                if (wait == null || terminal || System.nanoTime() > deadline) {
                    break;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            if (view.isEmpty()) {
                System.err.println("status: no command " + (target.id != null ? "with id " + target.id : "with idempotency key " + target.idempotencyKey)
                        + " for tenant " + tenant.tenant);
                return TokenomicsCli.REJECTED;
            }
            System.out.println(json(view.get()));
            return 0;
        }
    }
}
