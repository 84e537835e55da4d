package dev.tokenomics.client.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Settings of a {@link Submitter}, from {@link Submitter#builder}. Defaults: tenant {@code default},
 * 4 workers, claims of 32 commands, a 5-minute lease, 100 ms between polls of an empty outbox,
 * {@link RetryPolicy#defaults()}, up to 1,000 commands per ledger transaction (ApplyCommands
 * envelopes, {@code ArgumentRules.MAX_ENVELOPE_MOVEMENTS}), a 5 ms linger, no cap on transactions
 * per second, no metrics.
 */
public final class SubmitterBuilder {
    private final DataSource dataSource;
    private final CommandLedger ledger;
    private SubmitterSettings settings = SubmitterSettings.defaults(TenantIds.DEFAULT);
    private SubmitterHooks hooks = SubmitterHooks.NONE;
    private MeterRegistry registry;

    SubmitterBuilder(DataSource dataSource, CommandLedger ledger) {
        this.dataSource = dataSource;
        this.ledger = ledger;
    }

    /** Whose commands this submitter delivers (see {@link TenantIds}). */
    public SubmitterBuilder tenant(String tenantId) {
        settings = settings.withTenant(TenantIds.require(tenantId));
        return this;
    }

    /** Worker threads, each delivering one claimed batch at a time. */
    public SubmitterBuilder workers(int count) {
        settings = settings.withWorkers(count);
        return this;
    }

    /** Commands one claim takes at most. */
    public SubmitterBuilder batchSize(int size) {
        settings = settings.withBatchSize(size);
        return this;
    }

    /** How long a claim stays this submitter's without renewal: after a crash, the wait before another takes it over. */
    public SubmitterBuilder lease(Duration lease) {
        settings = settings.withLease(lease);
        return this;
    }

    /**
     * The wait between claims while the outbox has nothing due; while the submitter hears enqueues
     * (PostgreSQL's LISTEN, on one connection of the data source) a quiet outbox is polled less
     * often, up to once a second, and an enqueue wakes it at once.
     */
    public SubmitterBuilder pollInterval(Duration interval) {
        settings = settings.withPollInterval(interval);
        return this;
    }

    /**
     * Commands one ledger transaction carries at most (1-500). Above 1, TRANSFER, BATCH_TRANSFER,
     * MINT and BURN commands share ApplyCommands envelopes (a wallet's commands in enqueue order,
     * several wallets per envelope), so a busy wallet moves many commands per block; the other types
     * stay single transactions. 1 submits each command as its own transaction.
     */
    public SubmitterBuilder maxCommandsPerTransaction(int count) {
        settings = settings.withMaxCommandsPerTransaction(count);
        return this;
    }

    /**
     * How long a worker that claimed fewer commands than a transaction carries waits for more to
     * become due before endorsing: the most a lone command is delayed (0: never wait).
     */
    public SubmitterBuilder linger(Duration linger) {
        settings = settings.withLinger(linger);
        return this;
    }

    /**
     * At most this many ledger transactions per second (a command or an envelope each; fractions
     * allowed, 0: no cap), across this submitter's workers; up to one second's worth may go at once.
     * The cap is per submitter, so per tenant and process: N processes send up to N times the rate.
     */
    public SubmitterBuilder maxTransactionsPerSecond(double perSecond) {
        settings = settings.withMaxTransactionsPerSecond(perSecond);
        return this;
    }

    /** Where the submitter's meters go (gateway-client README, "Metrics"); default: none are recorded. */
    public SubmitterBuilder meterRegistry(MeterRegistry value) {
        this.registry = Objects.requireNonNull(value, "registry");
        return this;
    }

    public SubmitterBuilder retry(RetryPolicy retry) {
        settings = settings.withRetry(retry);
        return this;
    }

    /** Crash injection for tests: not part of the public API. */
    SubmitterBuilder hooks(SubmitterHooks value) {
        this.hooks = value;
        return this;
    }

    /** A submitter that does nothing until {@link Submitter#start()}. */
    public Submitter build() {
        SubmitterMeters meters = registry == null ? SubmitterMeters.none() : new SubmitterMeters(registry, settings.tenantId());
        return new Submitter(dataSource, ledger, settings, hooks, meters);
    }
}
