package dev.tokenomics.client.projector;

import dev.tokenomics.client.contract.FabricConnection;
import dev.tokenomics.client.contract.LedgerException;
import dev.tokenomics.client.contract.TokenomicsContract;
import dev.tokenomics.client.contract.Wallet;
import dev.tokenomics.client.readmodel.WalletView;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Compares the read model and the outbox with the ledger at one ledger height, and checks the
 * invariants: conservation of supply on both sides, no negative balance, wallets equal, every VALID
 * transaction of the applied blocks projected exactly once (each command of an envelope once), every CONFIRMED command's request on
 * the ledger and no FAILED command's, no command open for long without a recorded reason.
 *
 * <p>One height: the read model is read as of its checkpoint c (one snapshot), and the ledger
 * (world state, operation records) only while its height is exactly c, checked before and after
 * those reads ({@link LedgerTip}). While the projector lags, or the ledger moves during the reads,
 * reconcile waits and tries again, so a lagging projector is never reported as a mismatch; if no
 * such moment comes before the deadline it ends with {@link ReconcileTimeoutException} saying what
 * it saw last. Fabric cannot read world state at a past height, so this needs a moment without new
 * blocks for the duration of the ledger reads.
 */
public final class Reconciler {
    private static final int MAX_LISTED = 20;
    private static final Duration PROBE_WAIT = Duration.ofSeconds(2);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(250);

    private final DataSource dataSource;
    private final String tenantId;
    private final String channel;
    private final Duration staleAfter;

    /** @param staleAfter a PENDING or PROCESSING command open longer than this with no recorded reason is a problem */
    public Reconciler(DataSource dataSource, String tenantId, String channel, Duration staleAfter) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.channel = channel;
        this.staleAfter = staleAfter;
    }

    /** Compares at one ledger height, through {@code connection}'s contract and channel; gives up at {@code deadline}. */
    public ReconcileReport reconcile(FabricConnection connection, Instant deadline)
            throws LedgerException, SQLException, ReconcileTimeoutException {
        return reconcile(connection.contract(), new FabricBlockSource(connection.network()), new BlockParser(connection.config().chaincode()),
                deadline);
    }

    ReconcileReport reconcile(TokenomicsContract contract, BlockSource blocks, BlockParser parser, Instant deadline)
            throws SQLException, LedgerException, ReconcileTimeoutException {
        try (LedgerTip tip = new LedgerTip(blocks)) {
            String lastSeen = "nothing compared yet";
            while (true) {
                if (Instant.now().isAfter(deadline)) {
                    throw new ReconcileTimeoutException("no moment where the ledger and the read model were at the same height: " + lastSeen);
                }
                long height = ReadModelSnapshot.nextBlock(dataSource, tenantId, channel);
                Duration wait = probeWait(deadline);
                LedgerTip.Position before = tip.position(height, wait);
                if (before != LedgerTip.Position.AT) {
                    if (before != LedgerTip.Position.UNSETTLED || wait.equals(PROBE_WAIT)) {
                        lastSeen = describe(before, height); // a wait the deadline cut short proves nothing
                    }
                    pause(deadline);
                    continue;
                }
                // Read only now that there is something to compare (the outbox may be large); the projector
                // cannot have moved unless a block came since the probe, and then this is tried again.
                ReadModelSnapshot readModel = ReadModelSnapshot.read(dataSource, tenantId, channel, staleAfter);
                if (readModel.nextBlock() != height) {
                    lastSeen = "the projector moved past block " + (height - 1) + " while the read model was being read";
                    continue;
                }
                WorldState world = WorldState.read(contract);
                CommandsOnLedger operations = CommandsOnLedger.read(contract, tenantId, readModel.settledCommands(), deadline);
                LedgerTip.Position after = tip.position(height, probeWait(deadline));
                if (after != LedgerTip.Position.AT) {
                    lastSeen = "the ledger moved past block " + (height - 1) + " while it was being read";
                    continue;
                }
                AppliedBlocks applied = AppliedBlocks.scan(blocks, parser, height, deadline);
                return compare(readModel, world, operations, applied);
            }
        }
    }

    private static String describe(LedgerTip.Position position, long nextBlock) {
        return switch (position) {
            case AHEAD -> "the ledger has blocks the read model has not applied (its next block is " + nextBlock
                    + "): the projector has not caught up; is one running for this tenant and channel?";
            case BEHIND -> "the read model has applied blocks 0.." + (nextBlock - 1) + " but the ledger has fewer: it is not the chain"
                    + " this read model follows (a reset ledger, another channel or network), or this peer is behind";
            case UNSETTLED -> "the ledger's height did not settle at block " + nextBlock + " (blocks are being committed)";
            case AT -> "at block " + nextBlock;
        };
    }

    private static Duration probeWait(Instant deadline) {
        Duration left = Duration.between(Instant.now(), deadline);
        return left.compareTo(PROBE_WAIT) < 0 ? left : PROBE_WAIT;
    }

    private static void pause(Instant deadline) throws ReconcileTimeoutException {
        try {
            Thread.sleep(Math.max(0, Math.min(RETRY_PAUSE.toMillis(), Duration.between(Instant.now(), deadline).toMillis())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileTimeoutException("interrupted");
        }
    }

    private ReconcileReport compare(ReadModelSnapshot readModel, WorldState world, CommandsOnLedger operations, AppliedBlocks applied) {
        ReconcileReport report = new ReconcileReport();
        Map<String, WalletView> projected = readModel.wallets();
        Long projectedSupply = readModel.projectedSupply();
        long ledgerSum = world.wallets().values().stream().mapToLong(Wallet::balance).sum();
        long projectedSum = projected.values().stream().mapToLong(WalletView::balance).sum();
        report.fact("compared at ledger height " + readModel.nextBlock() + " (blocks 0.." + (readModel.nextBlock() - 1) + ")");
        report.fact("ledger: " + world.wallets().size() + " wallets, total supply " + world.totalSupply() + ", sum of balances " + ledgerSum);
        report.fact("read model: " + projected.size() + " wallets, total supply " + projectedSupply + ", sum of balances " + projectedSum);

        if (ledgerSum != world.totalSupply()) {
            report.problem("ledger conservation: sum of balances " + ledgerSum + " != total supply " + world.totalSupply());
        }
        if (projectedSupply != null && projectedSum != projectedSupply) {
            report.problem("read model conservation: sum of balances " + projectedSum + " != total supply " + projectedSupply);
        }
        if (projectedSupply == null ? world.totalSupply() != 0 : projectedSupply != world.totalSupply()) {
            report.problem("total supply: ledger " + world.totalSupply() + ", read model " + projectedSupply);
        }
        world.wallets().values().stream().filter(w -> w.balance() < 0)
                .forEach(w -> report.problem("ledger wallet " + w.walletId() + " has negative balance " + w.balance()));
        projected.values().stream().filter(w -> w.balance() < 0)
                .forEach(w -> report.problem("read model wallet " + w.walletId() + " has negative balance " + w.balance()));
        compareWallets(world, projected, report);
        checkProjectedOnce(readModel, applied, report);
        checkCommands(readModel, operations, applied.validTransactions(), report);
        return report;
    }

    private static void compareWallets(WorldState world, Map<String, WalletView> projected, ReconcileReport report) {
        Set<String> ids = new TreeSet<>(world.wallets().keySet());
        ids.addAll(projected.keySet());
        List<String> diffs = ids.stream().map(id -> walletDiff(id, world.wallets().get(id), projected.get(id)))
                .filter(Objects::nonNull).toList();
        listed(diffs, "wallet differences", report);
    }

    private static String walletDiff(String id, Wallet ledger, WalletView view) {
        if (view == null) {
            return "wallet " + id + ": on the ledger (balance " + ledger.balance() + ") but missing from the read model";
        }
        if (ledger == null) {
            return "wallet " + id + ": in the read model (balance " + view.balance() + ") but not on the ledger";
        }
        if (ledger.balance() != view.balance() || !ledger.status().name().equals(view.status()) || !ledger.owner().equals(view.ownerId())) {
            return "wallet " + id + ": ledger balance=" + ledger.balance() + " status=" + ledger.status()
                    + ", read model balance=" + view.balance() + " status=" + view.status()
                    + (ledger.owner().equals(view.ownerId()) ? "" : ", owners differ");
        }
        return null;
    }

    /** Row for row: a transaction's id, and for an envelope's command its position (shown as {@code txId#position}). */
    private static void checkProjectedOnce(ReadModelSnapshot readModel, AppliedBlocks applied, ReconcileReport report) {
        long last = readModel.nextBlock() - 1;
        Set<ProjectedRow> projected = readModel.projectedRows();
        report.fact("blocks 0.." + last + ": " + applied.validTransactions().size() + " VALID transactions with " + applied.rows().size()
                + " commands, " + projected.size() + " projected rows");
        Set<ProjectedRow> missing = new TreeSet<>(applied.rows());
        missing.removeAll(projected);
        Set<ProjectedRow> extra = new TreeSet<>(projected);
        extra.removeAll(applied.rows());
        if (!missing.isEmpty()) {
            report.problem(missing.size() + " commands of VALID transactions not projected, e.g. " + missing.stream().limit(5).toList());
        }
        if (!extra.isEmpty()) {
            report.problem(extra.size() + " projected rows with no VALID transaction in blocks 0.." + last + ", e.g. "
                    + extra.stream().limit(5).toList());
        }
    }

    private void checkCommands(ReadModelSnapshot readModel, CommandsOnLedger operations, Set<String> validOnChain, ReconcileReport report) {
        List<ReadModelSnapshot.Command> commands = readModel.settledCommands();
        long keylessWithoutTx = commands.stream().filter(c -> c.txId() == null && !operations.has(c.id())).count();
        report.fact("commands: " + commands.size() + " CONFIRMED or FAILED, " + operations.checked() + " checked by their operation record, "
                + keylessWithoutTx + " without idempotency key or transaction id skipped");
        List<String> problems = commands.stream().flatMap(c -> operations.check(tenantId, c, validOnChain).stream()).toList();
        listed(problems, "command problems", report);
        listed(readModel.committedNotConfirmed(), "committed but unconfirmed commands", report);
        listed(readModel.staleCommands(), "stale commands (open longer than " + staleAfter + ")", report);
    }

    private static void listed(List<String> problems, String what, ReconcileReport report) {
        problems.stream().limit(MAX_LISTED).forEach(report::problem);
        if (problems.size() > MAX_LISTED) {
            report.problem("... " + (problems.size() - MAX_LISTED) + " more " + what + " not listed");
        }
    }
}
