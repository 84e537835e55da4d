package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.outbox.EnqueuedCommand;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "enqueue", mixinStandardHelpOptions = true, description = "Put one command in the outbox (idempotent by --idempotency-key).",
        footer = {"What the ledger is certain to refuse (gateway-client README, \"Enqueue rules\")",
                "is refused here: one line naming the field, exit 2, nothing stored.",
                "Example: enqueue --type TRANSFER --idempotency-key order-42 --payload '{\"fromId\":\"w000\",\"toId\":\"w001\",\"amount\":800}'"})
final class EnqueueCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    TenantOption tenant;

    @Option(names = "--type", required = true,
            description = "TRANSFER, BATCH_TRANSFER, MINT, BURN, CREATE_WALLET, FREEZE_WALLET, UNFREEZE_WALLET")
    String type;

    @Option(names = "--payload", required = true, description = "JSON payload: TRANSFER {fromId,toId,amount[,txType][,remark]}, "
            + "BATCH_TRANSFER {transfers:[{fromId,toId,amount}]} (1-100), MINT/BURN {walletId,amount}, CREATE_WALLET {walletId,owner}, "
            + "FREEZE_WALLET {walletId,reason}, UNFREEZE_WALLET {walletId}")
    String payload;

    @Option(names = "--idempotency-key", paramLabel = "KEY", required = true,
            description = "Idempotency key, unique per tenant: 1-200 visible ASCII characters")
    String idempotencyKey;

    @Option(names = "--ordering-key", description = "Commands with the same ordering key run one at a time (default: source wallet)")
    String orderingKey;

    @Override
    public Integer call() throws Exception {
        try (Database database = db.openMigrated(); Connection connection = database.dataSource().getConnection()) {
            EnqueuedCommand command = Outbox.enqueue(connection, new NewCommand(tenant.tenant, type, payload, idempotencyKey, orderingKey));
            System.out.printf("{\"id\":%d,\"status\":\"%s\",\"created\":%s}%n", command.id(), command.status(), command.created());
            return 0;
        }
    }
}
