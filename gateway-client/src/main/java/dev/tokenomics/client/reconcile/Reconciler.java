package dev.tokenomics.client.reconcile;

import dev.tokenomics.client.projector.BlockParser;
import dev.tokenomics.client.projector.BlockSource;
import dev.tokenomics.client.projector.ParsedBlock;
import dev.tokenomics.client.projector.ParsedTransaction;
import dev.tokenomics.client.readmodel.WalletQuery;
import dev.tokenomics.client.readmodel.WalletView;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Compares the read model with the world state and checks the invariants: conservation of supply
 * on both sides, no negative balance, wallets equal, and every VALID transaction of the blocks the
 * projector has applied projected exactly once (by scanning those blocks again).
 */
public final class Reconciler {
    private static final int MAX_LISTED = 20;

    private final DataSource dataSource;
    private final String tenantId;
    private final String channel;

    public Reconciler(DataSource dataSource, String tenantId, String channel) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.channel = channel;
    }

    public ReconcileReport reconcile(WorldState world, BlockSource blocks, BlockParser parser) throws SQLException {
        ReconcileReport report = new ReconcileReport();
        WalletQuery query = new WalletQuery(dataSource);
        Map<String, WalletView> projected = new TreeMap<>();
        query.all(tenantId).forEach(w -> projected.put(w.walletId(), w));
        Long projectedSupply = query.projectedSupply(tenantId, channel).orElse(null);

        long ledgerSum = world.wallets().values().stream().mapToLong(WorldState.Wallet::balance).sum();
        long projectedSum = projected.values().stream().mapToLong(WalletView::balance).sum();
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
        checkProjectedOnce(blocks, parser, report);
        return report;
    }

    private static void compareWallets(WorldState world, Map<String, WalletView> projected, ReconcileReport report) {
        int listed = 0;
        Set<String> ids = new TreeSet<>(world.wallets().keySet());
        ids.addAll(projected.keySet());
        for (String id : ids) {
            WorldState.Wallet ledger = world.wallets().get(id);
            WalletView view = projected.get(id);
            String diff = null;
            if (view == null) {
                diff = "wallet " + id + ": on the ledger (balance " + ledger.balance() + ") but missing from the read model";
            } else if (ledger == null) {
                diff = "wallet " + id + ": in the read model (balance " + view.balance() + ") but not on the ledger";
            } else if (ledger.balance() != view.balance() || !ledger.status().equals(view.status()) || !ledger.owner().equals(view.ownerId())) {
                diff = "wallet " + id + ": ledger balance=" + ledger.balance() + " status=" + ledger.status()
                        + ", read model balance=" + view.balance() + " status=" + view.status()
                        + (ledger.owner().equals(view.ownerId()) ? "" : ", owners differ");
            }
            if (diff != null && listed++ < MAX_LISTED) {
                report.problem(diff);
            } else if (diff != null && listed == MAX_LISTED + 1) {
                report.problem("... more wallet differences not listed");
            }
        }
    }

    private void checkProjectedOnce(BlockSource blocks, BlockParser parser, ReconcileReport report) throws SQLException {
        long nextBlock;
        Set<String> projectedTx = new HashSet<>();
        long rows;
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT next_block FROM projector_checkpoint WHERE tenant_id = ? AND channel = ?")) {
                select.setString(1, tenantId);
                select.setString(2, channel);
                try (ResultSet rs = select.executeQuery()) {
                    nextBlock = rs.next() ? rs.getLong(1) : 0;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT on_chain_tx_id FROM wallet_transaction WHERE tenant_id = ?")) {
                select.setString(1, tenantId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        projectedTx.add(rs.getString(1));
                    }
                }
            }
            rows = projectedTx.size();
        }
        Set<String> validOnChain = new HashSet<>();
        if (nextBlock > 0) {
            try (BlockSource.BlockStream stream = blocks.open(0)) {
                while (stream.hasNext()) {
                    ParsedBlock block = parser.parse(stream.next());
                    block.transactions().stream().filter(ParsedTransaction::valid).map(ParsedTransaction::txId).forEach(validOnChain::add);
                    if (block.number() >= nextBlock - 1) {
                        break;
                    }
                }
            }
        }
        report.fact("blocks 0.." + (nextBlock - 1) + ": " + validOnChain.size() + " VALID transactions, " + rows + " projected rows");
        Set<String> missing = new TreeSet<>(validOnChain);
        missing.removeAll(projectedTx);
        Set<String> extra = new TreeSet<>(projectedTx);
        extra.removeAll(validOnChain);
        if (!missing.isEmpty()) {
            report.problem(missing.size() + " VALID transactions not projected, e.g. " + missing.stream().limit(5).toList());
        }
        if (!extra.isEmpty()) {
            report.problem(extra.size() + " projected rows with no VALID transaction in blocks 0.." + (nextBlock - 1) + ", e.g. "
                    + extra.stream().limit(5).toList());
        }
    }
}
