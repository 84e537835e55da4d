package dev.tokenomics.client.cli;

import dev.tokenomics.client.outbox.SubmitterStats;
import dev.tokenomics.client.readmodel.OutboxSummary;
import java.io.PrintStream;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The submitter's progress line. Reading the outbox's figures is the one thing the submitter
 * process does besides its workers; a database that does not answer must not end the process (the
 * workers wait for it and resume by themselves), so a failed read is reported and skipped.
 */
final class SubmitterProgress {
    /** What {@link #report} returns when the database did not answer. */
    static final long UNKNOWN = -1;

    private final DataSource dataSource;
    private final String tenantId;
    private final SubmitterStats stats;
    private final PrintStream out;
    private final long startedNanos = System.nanoTime();

    SubmitterProgress(DataSource dataSource, String tenantId, SubmitterStats stats, PrintStream out) {
        this.dataSource = dataSource;
        this.tenantId = tenantId;
        this.stats = stats;
        this.out = out;
    }

    /** Prints one line; returns the tenant's PENDING + PROCESSING commands, or {@link #UNKNOWN}. */
    long report() {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        OutboxSummary summary;
        try {
            summary = OutboxSummary.of(dataSource, tenantId);
        } catch (SQLException e) {
            out.printf("submitter: %.0fs database unavailable, carrying on (workers resume when it answers): %s%n", seconds, e.getMessage());
            return UNKNOWN;
        }
        long waiting = summary.byStatus().getOrDefault("PENDING", 0L) + summary.byStatus().getOrDefault("PROCESSING", 0L);
        out.printf("submitter: %.0fs committed=%d failed=%d retried=%d conflicts=%d ledger-waits=%d (%.1f/s) waiting=%d%n", seconds,
                stats.committed(), stats.failed(), stats.retried(), stats.conflicts(), stats.ledgerWaits(),
                stats.committed() / Math.max(seconds, 0.001), waiting);
        return waiting;
    }
}
