package dev.tokenomics.service;

import dev.tokenomics.client.contract.SystemQueries;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.sql.DataSource;

/**
 * A readiness check that the projectors keep up with the ledger: for every tenant with an active API key
 * (the tenants this service answers for, whose commands a projector must confirm), blocks behind = the
 * ledger's height (qscc GetChainInfo) minus the next block its checkpoint ({@code projector_checkpoint},
 * written by the library's projector in each block's own transaction) waits for, i.e. height − 1 − the last
 * block applied. A tenant whose projector never ran has no checkpoint and is the whole chain behind. The
 * worst tenant is held against a bound in blocks and, optionally, in seconds: the age of its first
 * unprojected block (qscc GetBlockByNumber, read only when it is behind), which tells a projector that is
 * slow on a quiet chain from one that is a few blocks behind a busy one.
 */
public final class ProjectorLag implements Callable<Boolean> {
    /** The most-behind tenant first; a tenant without a checkpoint waits for block 0. */
    private static final String WORST_CHECKPOINT = """
            SELECT k.tenant_id, COALESCE(c.next_block, 0) FROM (SELECT DISTINCT tenant_id FROM service_api_key WHERE revoked_at IS NULL) k
              LEFT JOIN projector_checkpoint c ON c.tenant_id = k.tenant_id AND c.channel = ?
             ORDER BY 2, 1 LIMIT 1""";

    private final DataSource dataSource;
    private final SystemQueries ledger;
    private final String channel;
    private final Long maxBlocks;
    private final Duration maxAge;

    /**
     * @param maxBlocks the most blocks a projector may be behind, or null for no bound in blocks
     * @param maxAge how old its first unprojected block may be, or null for no bound in time
     */
    public ProjectorLag(DataSource dataSource, SystemQueries ledger, String channel, Long maxBlocks, Duration maxAge) {
        if (maxBlocks == null && maxAge == null || maxBlocks != null && maxBlocks < 0 || maxAge != null && maxAge.isNegative()) {
            throw new IllegalArgumentException("a projector lag check needs a bound >= 0 in blocks or seconds (or both)");
        }
        this.dataSource = dataSource;
        this.ledger = ledger;
        this.channel = channel;
        this.maxBlocks = maxBlocks;
        this.maxAge = maxAge;
    }

    @Override
    public Boolean call() throws Exception {
        String tenant;
        long nextBlock;
        try (Connection connection = dataSource.getConnection(); PreparedStatement select = connection.prepareStatement(WORST_CHECKPOINT)) {
            select.setString(1, channel);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return true; // no tenant has a key: nothing this service serves waits for a projector
                }
                tenant = rs.getString(1);
                nextBlock = rs.getLong(2);
            }
        }
        // Read after the checkpoint: a block applied in between makes the lag look larger, never smaller.
        long behind = Math.max(0, ledger.chainInfo().height() - nextBlock);
        String who = "projector of tenant " + tenant + " " + behind + " blocks behind";
        if (maxBlocks != null && behind > maxBlocks) {
            throw new NotReadyException(who + " (bound " + maxBlocks + ")");
        }
        if (maxAge != null && behind > 0) {
            Duration age = Duration.between(ledger.blockTimestamp(nextBlock), Instant.now());
            if (age.compareTo(maxAge) > 0) {
                throw new NotReadyException(who + ", block " + nextBlock + " waiting " + seconds(age) + " s (bound " + seconds(maxAge) + " s)");
            }
        }
        return true;
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f", duration.toMillis() / 1000.0);
    }
}
