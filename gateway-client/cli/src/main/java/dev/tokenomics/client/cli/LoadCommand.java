package dev.tokenomics.client.cli;

import dev.tokenomics.client.db.Database;
import dev.tokenomics.client.outbox.CommandType;
import dev.tokenomics.client.outbox.NewCommand;
import dev.tokenomics.client.outbox.Outbox;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "load", mixinStandardHelpOptions = true,
        description = "Enqueue a generated workload: random transfers among the genesis wallets, a share of them from one hot"
                + " wallet (same-wallet contention), plus the seed race (10 x 800 from race-from, which holds 1000).",
        footer = "Example: load --transfers 3000 --wallets 50 --hot-share 0.2 --race")
final class LoadCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions db;

    @Mixin
    TenantOption tenant;

    @Option(names = "--transfers", defaultValue = "3000", description = "Number of random transfers (default: ${DEFAULT-VALUE})")
    int transfers;

    @Option(names = "--wallets", defaultValue = "50", description = "Wallets <prefix>000.. to pick from, as created by genesis (default: ${DEFAULT-VALUE})")
    int wallets;

    @Option(names = "--prefix", defaultValue = "w", description = "Wallet id prefix (default: ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--hot-share", defaultValue = "0.2", description = "Fraction of transfers sent from the hot wallet <prefix>000 (default: ${DEFAULT-VALUE})")
    double hotShare;

    @Option(names = "--max-amount", defaultValue = "50", description = "Largest random amount (default: ${DEFAULT-VALUE})")
    long maxAmount;

    @Option(names = "--race", description = "Also enqueue the seed race: 10 transfers of 800 from race-from to race-to")
    boolean race;

    @Option(names = "--run", defaultValue = "run", description = "Prefix of the generated idempotency keys; reuse it to make a rerun a no-op (default: ${DEFAULT-VALUE})")
    String run;

    @Option(names = "--interval",
            description = "Enqueue one command at a time, this far apart (e.g. PT0.2S), each in its own transaction: light load, for "
                    + "the enqueue-to-confirmed latency a lone command sees; default: all at once, in transactions of 1,000")
    Duration interval;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (transfers < 0 || wallets < 2 || hotShare < 0 || hotShare > 1 || maxAmount < 1 || (interval != null && interval.isNegative())) {
            throw new IllegalArgumentException("need --transfers >= 0, --wallets >= 2, 0 <= --hot-share <= 1, --max-amount >= 1, --interval >= 0");
        }
        Random random = new Random(seed);
        List<NewCommand> commands = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            int from = random.nextDouble() < hotShare ? 0 : random.nextInt(wallets);
            int to = random.nextInt(wallets - 1);
            if (to >= from) {
                to++;
            }
            long amount = 1 + (long) (random.nextDouble() * maxAmount);
            commands.add(transfer(GenesisCommand.walletId(prefix, from), GenesisCommand.walletId(prefix, to), amount, run + "-t" + i));
        }
        if (race) {
            for (int i = 0; i < 10; i++) {
                commands.add(transfer(GenesisCommand.RACE_FROM, GenesisCommand.RACE_TO, 800, run + "-race-" + i));
            }
        }
        int created = 0;
        long started = System.nanoTime();
        try (Database database = db.openMigrated(); Connection connection = database.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            long paceFrom = System.nanoTime();
            int step = interval == null ? 1000 : 1;
            for (int from = 0; from < commands.size(); from += step) {
                if (interval != null && from > 0) {
                    LockSupport.parkNanos(paceFrom + from * interval.toNanos() - System.nanoTime());
                }
                created += Outbox.enqueueAll(connection, commands.subList(from, Math.min(commands.size(), from + step)));
                connection.commit();
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("load: %d commands enqueued (%d new) for tenant %s in %.2f s%s%n", commands.size(), created, tenant.tenant,
                seconds, race ? ", including the 10 x 800 race from race-from" : "");
        return 0;
    }

    private NewCommand transfer(String from, String to, long amount, String key) {
        return NewCommand.of(tenant.tenant, CommandType.TRANSFER,
                "{\"fromId\":\"" + from + "\",\"toId\":\"" + to + "\",\"amount\":" + amount + "}", key);
    }
}
