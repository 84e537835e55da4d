package dev.tokenomics.client.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Claims commands for a worker, with a holding on their wallets, and renews the leases of the ones it still holds. */
final class CommandClaims {
    private static final Logger log = LoggerFactory.getLogger(CommandClaims.class);

    /*
     * A claim is one short database transaction of a few statements:
     *  - the turn: one claim of a tenant at a time, across processes (TURN);
     *  - takeover: the holdings some of whose commands' lease ran out, with all their commands in
     *    flight, taken with no other test (they still hold their wallets: a holding outlives the
     *    worker that died);
     *  - heads: PENDING commands whose backoff elapsed, in due order, that head their ordering key (no
     *    older PENDING one) and whose ordering key and touch key (a transfer's destination) no other
     *    holding holds. A PENDING command that still has a holding keeps a transaction that may yet
     *    commit (it waited out an outage): its wallets are its own holding's, so they do not stop it.
     *    Found key by key (KEY_HEADS) while few keys are queued, else by walking the due range (HEADS);
     *    either way they are locked by a statement that makes the head test again (HEADS, HEADS_AMONG);
     *  - runs (only when a transaction may carry several commands): the PENDING commands that follow
     *    each head in its ordering key, in id order, read first and then locked, so a run stops at a
     *    command someone else holds instead of jumping over it: a key's commands never overtake;
     *  - the plan (planHolding): each command's wallets must be free of other holdings; a run stops
     *    at the first command whose wallet is not (the younger ones of its key wait with it);
     *  - the holding: one outbox_wallet_lock row per wallet and ordering key, whose primary key is the
     *    rule "one transaction in flight per wallet" across every process. A claimer of another process
     *    that read the same wallets as free loses on that key; it then claims nothing this time;
     *  - the commands become PROCESSING under the lease.
     * Each range lock is SKIP LOCKED, so claimers running side by side (one that gave up waiting for
     * the turn) pass over each other's rows. The head tests are NOT EXISTS ... OFFSET 0, kept as
     * per-row subplans re-evaluated when SKIP LOCKED rechecks a row that changed since the snapshot;
     * each step has exactly one index that can answer it (V4, V13), so stale statistics cannot turn
     * a probe into a scan.
     */
    /*
     * Claims take turns per tenant across every process: a transaction-level advisory lock, held
     * from a claim's first statement to its commit. Two claims running side by side each see the
     * other's candidates locked (SKIP LOCKED) and its wallets free, and the lock table then lets
     * exactly one of them have each wallet: at a burst's start that left several holdings with a few
     * wallets each, and every holder's next claims stopped at the others' wallets, so envelopes came
     * out part-filled for several cycles (random transfers, 3 processes: 13-18 transactions with
     * envelopes of 1-22 commands, against 10 of 1,000). In turn, each claim sees the holdings of the
     * claims before it committed. The keys hash the schema with the tenant, so deployments sharing
     * a database do not wait for each other. Correctness never rests on the turn: a claim that waited
     * TURN_WAIT_MILLIS for it (the claim holding it is stuck) claims without it, as before.
     */
    static final String TURN = """
            SELECT pg_advisory_xact_lock(hashtext('tokenomics.outbox.claim'), hashtext(current_schema() || ':' || ?))""";

    /** A claim takes milliseconds; one that holds the turn longer is stuck and must not stop the others. */
    static final long TURN_WAIT_MILLIS = 1000;

    /*
     * A takeover takes whole holdings: the commands of one holding may share wallets and are
     * delivered by one worker in waves; split between two workers, two of its transactions could be
     * in flight on one wallet, and a key's younger command could overtake an older one. Locking the
     * holding row makes two claimers (and the holder's own completion, which locks it first) take
     * turns; all commands of a holding are renewed together, so they expire together.
     */
    private static final String TAKEOVER_HOLDINGS = """
            SELECT h.id FROM outbox_holding h
            WHERE h.id IN (
                SELECT c.holding_id FROM outbox_command c
                WHERE c.lease_expires_at < now() AND c.tenant_id = ?
                ORDER BY c.lease_expires_at
                LIMIT ?)
            ORDER BY h.id
            FOR UPDATE SKIP LOCKED""";

    private static final String TAKEOVER = """
            SELECT id FROM outbox_command WHERE holding_id = ANY (?) AND status = 'PROCESSING'
            ORDER BY id
            FOR UPDATE""";

    /*
     * The head test of a PENDING command c: no older PENDING command of its ordering key, and its
     * wallets free of every holding but its own (a command that kept a transaction of its own keeps
     * its holding) and the claim's (?: the holding a claim ahead or a linger extends, else null).
     */
    private static final String IS_FREE_HEAD = """
              AND NOT EXISTS (
                  SELECT FROM outbox_command older
                  WHERE older.tenant_id = c.tenant_id AND older.ordering_key = c.ordering_key
                    AND older.status = 'PENDING' AND older.id < c.id
                  OFFSET 0)
              AND NOT EXISTS (
                  SELECT FROM outbox_wallet_lock held
                  WHERE held.tenant_id = c.tenant_id AND held.lock_key IN (c.ordering_key, c.touch_key)
                    AND held.holding_id IS DISTINCT FROM c.holding_id AND held.holding_id IS DISTINCT FROM ?::bigint
                  OFFSET 0)
            """;

    private static final String CANDIDATE_COLUMNS = "c.id, c.command_type, c.payload::text, c.ordering_key, c.touch_key, c.holding_id";

    /* The walk: the due range in due order, each row put to the head test. */
    private static final String HEADS = "SELECT " + CANDIDATE_COLUMNS + ", true FROM outbox_command c\n"
            + "WHERE c.tenant_id = ? AND c.status = 'PENDING' AND c.next_attempt_at <= now() AND c.id <> ALL (?)\n"
            + IS_FREE_HEAD
            + "ORDER BY c.next_attempt_at, c.id LIMIT ? FOR UPDATE SKIP LOCKED";

    /* Heads KEY_HEADS found, locked and put to the head test again: the rows may have changed since its snapshot. */
    private static final String HEADS_AMONG = "SELECT " + CANDIDATE_COLUMNS + ", true FROM outbox_command c\n"
            + "WHERE c.id = ANY (?) AND c.tenant_id = ? AND c.status = 'PENDING' AND c.next_attempt_at <= now()\n"
            + IS_FREE_HEAD
            + "ORDER BY c.next_attempt_at, c.id FOR UPDATE SKIP LOCKED";

    /*
     * The due heads whose wallets are free, found key by key instead of by the walk: a skip scan of
     * outbox_command_pending_key visits each ordering key with PENDING commands (the column is NOT
     * NULL) and looks at its oldest one only, at most ? keys. The walk puts every queued command to
     * the head test, so with thousands queued behind a few hundred wallets (a burst among 200
     * wallets, most of them held by the transaction in flight) each claim walked all of them, and
     * each claim that found nothing as well. Returns the heads in due order, at most ?, and whether
     * it visited as many keys as it may (then it cannot tell whether it saw them all). OFFSET 0 keeps
     * the wallet test a probe of the lock table's key per head: planned as an anti join, it read all
     * of the tenant's locks for every head (with the thousands the PostgreSQL-alone benchmark holds,
     * a fifth more PostgreSQL CPU per command).
     */
    private static final String KEY_HEADS = """
            WITH RECURSIVE pending_keys (ordering_key, visited) AS (
                (SELECT c.ordering_key, 1 FROM outbox_command c
                 WHERE c.tenant_id = ? AND c.status = 'PENDING' AND c.ordering_key IS NOT NULL
                 ORDER BY c.ordering_key LIMIT 1)
                UNION ALL
                SELECT (SELECT c.ordering_key FROM outbox_command c
                        WHERE c.tenant_id = ? AND c.status = 'PENDING' AND c.ordering_key > k.ordering_key
                        ORDER BY c.ordering_key LIMIT 1), k.visited + 1
                FROM pending_keys k WHERE k.ordering_key IS NOT NULL AND k.visited < ?)
            SELECT ARRAY(
                       SELECT head.id FROM pending_keys k CROSS JOIN LATERAL (
                           SELECT c.id, c.next_attempt_at, c.touch_key, c.holding_id FROM outbox_command c
                           WHERE c.tenant_id = ? AND c.ordering_key = k.ordering_key AND c.status = 'PENDING'
                           ORDER BY c.id LIMIT 1) head
                       WHERE head.next_attempt_at <= now() AND NOT EXISTS (
                           SELECT FROM outbox_wallet_lock held
                           WHERE held.tenant_id = ? AND held.lock_key IN (k.ordering_key, head.touch_key)
                             AND held.holding_id IS DISTINCT FROM head.holding_id AND held.holding_id IS DISTINCT FROM ?::bigint
                           OFFSET 0)
                       ORDER BY head.next_attempt_at, head.id
                       LIMIT ?),
                   EXISTS (SELECT FROM pending_keys k WHERE k.visited >= ? AND k.ordering_key IS NOT NULL)""";

    /**
     * The most ordering keys a claim's KEY_HEADS visits before it falls back to the walk. 200 keys
     * took 8 ms with 9,000 commands queued behind held wallets and 11-16 ms with 50,000, where the
     * walk of the same queue took 36 and 440 ms (EXPLAIN ANALYZE, PostgreSQL 15, 2 cores). With
     * more keys queued than this, most queued commands head their key and the walk finds its heads
     * early.
     */
    private static final int CLAIM_MAX_KEYS = 256;

    /**
     * After a KEY_HEADS that met CLAIM_MAX_KEYS, the process's claims walk for this long before
     * they try it again: where many keys are queued (50,000 one-command wallets: 2-3 ms for 256
     * keys) every claim would otherwise pay for a scan it cannot use.
     */
    private static final long WALK_AFTER_MANY_KEYS_NANOS = TimeUnit.SECONDS.toNanos(1);

    /*
     * At most one claim's worth of followers in all, in the heads' due order: the plan takes no more
     * than that, and each one read is then row-locked. Unbounded, a claim among 200 wallets with
     * 9,000 commands queued read and locked all 9,000 to take 1,000.
     */
    private static final String RUNS = """
            SELECT h.head_id, r.id FROM unnest(?::bigint[], ?::text[]) WITH ORDINALITY AS h (head_id, ordering_key, place)
            CROSS JOIN LATERAL (
                SELECT o.id FROM outbox_command o
                WHERE o.tenant_id = ? AND o.ordering_key = h.ordering_key AND o.status = 'PENDING' AND o.id > h.head_id
                ORDER BY o.id
                LIMIT ?) r
            ORDER BY h.place, r.id
            LIMIT ?""";

    private static final String LOCK_RUNS = """
            SELECT c.id, c.command_type, c.payload::text, c.ordering_key, c.touch_key, c.holding_id, c.next_attempt_at <= now()
            FROM outbox_command c
            WHERE c.id = ANY (?) AND c.status = 'PENDING'
            ORDER BY c.id
            FOR UPDATE SKIP LOCKED""";

    /*
     * After a claim that took nothing: does a due command wait for a wallet another holding holds?
     * When every one does, the first due row answers it.
     */
    private static final String BLOCKED = """
            SELECT EXISTS (
                SELECT FROM outbox_command c
                WHERE c.tenant_id = ? AND c.status = 'PENDING' AND c.next_attempt_at <= now()
                  AND EXISTS (
                      SELECT FROM outbox_wallet_lock held
                      WHERE held.tenant_id = c.tenant_id AND held.lock_key IN (c.ordering_key, c.touch_key)
                        AND held.holding_id IS DISTINCT FROM c.holding_id))""";

    /*
     * Before a fresh claim by a worker whose last one was blocked (BLOCKED): could a claim take
     * anything now? It could if KEY_HEADS finds a head (at most MAY_CLAIM_MAX_KEYS keys), or cannot
     * tell, or a lease expired (a takeover). Read-only; no turn, no locks: a waiting process asks
     * this once a second instead of claiming, which walks the queue behind the held wallets.
     */
    private static final String LEASE_EXPIRED = "SELECT EXISTS (SELECT FROM outbox_command c WHERE c.tenant_id = ? AND c.lease_expires_at < now())";

    /** The most ordering keys mayClaim visits; past them it answers yes. */
    private static final int MAY_CLAIM_MAX_KEYS = 1000;

    private static final String HELD = """
            SELECT lock_key, holding_id FROM outbox_wallet_lock WHERE tenant_id = ? AND lock_key = ANY (?)""";

    /*
     * Holdings none of whose commands is in flight any more. The worker releases its holding with
     * its commands' last status change; this catches the ones whose worker died after the projector
     * had already confirmed their commands (nothing is left to take over, so no worker would).
     * A holding's open commands only ever leave it, so "none open" stays true once seen.
     */
    /*
     * Skips holdings locked by a claim in progress: a worker claiming ahead into its holding (see
     * HOLDING_LIVES) may be taking commands into it that this statement's snapshot cannot see yet,
     * just as the projector confirmed the last ones it could.
     * Also deletes wallet locks whose holding is gone ("orphaned"): this version deletes a holding
     * with its locks in one statement, but a submitter older than V17 relied on the foreign key's
     * cascade and, still running against the migrated schema, leaves its locks behind, which would
     * hold their wallets for good. A lock and its holding become visible together, so a lock seen
     * without its holding is no claim's in progress.
     */
    private static final String SWEEP = """
            WITH swept AS (
                DELETE FROM outbox_holding h WHERE h.id IN (
                    SELECT s.id FROM outbox_holding s WHERE s.tenant_id = ?
                      AND NOT EXISTS (SELECT FROM outbox_command c WHERE c.holding_id = s.id AND c.status IN ('PENDING', 'PROCESSING'))
                    FOR UPDATE SKIP LOCKED)
                RETURNING h.id),
            unlocked AS (DELETE FROM outbox_wallet_lock l WHERE l.holding_id IN (SELECT id FROM swept)),
            orphaned AS (
                DELETE FROM outbox_wallet_lock l WHERE l.tenant_id = ?
                  AND NOT EXISTS (SELECT FROM outbox_holding h WHERE h.id = l.holding_id)
                RETURNING l.lock_key)
            SELECT (SELECT count(*) FROM swept), (SELECT count(*) FROM orphaned)""";

    /*
     * A claim that extends a holding (a claim ahead, a linger) first locks it against SWEEP and
     * RELEASE, which may already have deleted it (the projector confirmed the holding's commands
     * before the claim began): then it claims nothing. Nothing else stops locks being added to a
     * deleted holding (V17), and such locks would hold their wallets for good.
     */
    private static final String HOLDING_LIVES = "SELECT FROM outbox_holding WHERE id = ? FOR KEY SHARE";

    /*
     * Keys in sorted order, so two claimers inserting overlapping keys wait for each other instead of
     * deadlocking. A key another holding holds fails the claim with a unique violation: a lost race
     * (a plain insert; ON CONFLICT's speculative insertion cost a third more per lock).
     */
    private static final String HOLD = """
            INSERT INTO outbox_wallet_lock (tenant_id, lock_key, holding_id)
            SELECT ?, k, ? FROM unnest(?::text[]) AS k ORDER BY k""";

    private static final String HOLD_NEW = """
            WITH holding AS (INSERT INTO outbox_holding (tenant_id) VALUES (?) RETURNING id),
            locked AS (
                INSERT INTO outbox_wallet_lock (tenant_id, lock_key, holding_id)
                SELECT ?, k, holding.id FROM holding, unnest(?::text[]) AS k ORDER BY k)
            SELECT id FROM holding""";

    /** Orphaned holdings are rare (see SWEEP); looking for them once a second per process is plenty. */
    private static final long SWEEP_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final String TAKE = """
            UPDATE outbox_command o
            SET status = 'PROCESSING', locked_by = ?, lease_expires_at = now() + ? * interval '1 millisecond',
                attempts = o.attempts + 1, updated_at = now(),
                holding_id = CASE WHEN o.status = 'PENDING' AND o.holding_id IS NULL THEN ?::bigint ELSE o.holding_id END
            WHERE o.id = ANY (?)
            RETURNING o.id, o.tenant_id, o.command_type, o.payload::text, o.idempotency_key, o.ordering_key,
                      o.touch_key, o.attempts, o.conflicts, (EXTRACT(EPOCH FROM now() - o.created_at) * 1000)::bigint,
                      o.fabric_tx_id, o.holding_id, o.envelope_id, o.envelope_position""";

    /*
     * The stored transactions a takeover resubmits, read after its claim has committed: they run to
     * megabytes (a 1,000-command envelope is ~2.3 MB), and a claimer paused while the server sends
     * them would leave the server blocked in a write, not idle, so IdleTransactionBound would not
     * end a claim transaction that holds the turn and the wallet locks. Nothing changes them while
     * the commands are claimed: a command's bytes are written and discarded only by its owner, and
     * an envelope is written once.
     */
    private static final String STORED_TRANSACTIONS = """
            SELECT false AS envelope, id, tx_bytes, NULL AS result FROM outbox_command WHERE id = ANY (?)
            UNION ALL
            SELECT true, id, tx_bytes, result FROM outbox_envelope WHERE id = ANY (?)""";

    /*
     * For the claim's own short transaction. The claim is an index walk by design, and a plan that
     * is not one is a disaster that grows with the table: a sequential scan with the head probes
     * per row (an analyzed empty table makes that look cheapest, and a prepared statement keeps
     * that generic plan while the table grows), a bitmap scan that reads the whole due range before
     * its LIMIT, or a hash join over the whole outbox. The indexes of V4 leave the planner no
     * other path once those are off. JIT off: a mis-estimated cost once made every claim spend
     * ~300 ms compiling ~5 ms of work; and a slow claim holds the row locks of rows its recheck
     * dropped, stalling their owners' completions.
     * No wait for the WAL flush: a claim lost in a database crash leaves its commands PENDING, and
     * nothing was sent for them yet, because the worker stores the endorsed transaction with a
     * synchronous commit before submitting, and that flush covers the claim's earlier WAL.
     * A bounded lock wait: for the turn (see TURN), and for the row and wallet locks of a stuck
     * completion or turnless claim, which then costs this claim, not the worker. A bounded idle
     * time (IdleTransactionBound), so a claimer paused mid-claim does not keep the turn and its
     * wallets.
     */
    private static final String CLAIM_SETTINGS = """
            SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
                   set_config('jit', 'off', true), set_config('synchronous_commit', 'off', true),
                   set_config('lock_timeout', ?, true), set_config('idle_in_transaction_session_timeout', ?, true)""";

    private static final String RENEW = """
            UPDATE outbox_command o SET lease_expires_at = now() + ? * interval '1 millisecond'
            FROM (SELECT id FROM outbox_command WHERE id = ANY (?) ORDER BY id FOR UPDATE) held
            WHERE o.id = held.id AND o.status = 'PROCESSING' AND o.locked_by = ?""";

    /*
     * Rows a worker holds while it holds nothing: a claim committed, but its reply was lost (the
     * connection or the database died at the commit), so the worker never learned of them and its
     * renewer does not renew them. Expiring their lease hands them to the takeover range of the
     * next claim now, instead of after a whole lease (minutes) of nobody working on them.
     */
    private static final String EXPIRE_ORPHANS = """
            UPDATE outbox_command SET lease_expires_at = now(), updated_at = now()
            WHERE locked_by = ? AND status = 'PROCESSING'""";

    private final DataSource dataSource;
    private final SubmitterMeters meters;
    private final int claimMaxKeys;
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime());
    /** Per tenant, until when (System.nanoTime()) claims walk instead of looking for heads key by key. */
    private final Map<String, Long> manyKeysUntil = new ConcurrentHashMap<>();

    CommandClaims(DataSource dataSource) {
        this(dataSource, SubmitterMeters.none());
    }

    /** Claims timed, and commands taken over from an expired lease counted, in {@code meters}. */
    CommandClaims(DataSource dataSource, SubmitterMeters meters) {
        this(dataSource, meters, CLAIM_MAX_KEYS);
    }

    /** With {@code claimMaxKeys} keys visited at most by a claim's KEY_HEADS: 0 for claims that always walk. */
    CommandClaims(DataSource dataSource, SubmitterMeters meters, int claimMaxKeys) {
        this.dataSource = dataSource;
        this.meters = meters;
        this.claimMaxKeys = claimMaxKeys;
    }

    /**
     * What one claim took: its commands (sorted by id), the holding it locked their wallets in (null
     * if it needed none), how many of them it took over from a holding whose lease expired, for a new
     * holding's claim that took nothing whether due commands wait for wallets other holdings hold, and
     * the rows the plan read, parsed, by id (commands taken over are not among them).
     */
    record Claim(List<ClaimedCommand> commands, Long holding, int takenOver, boolean blocked, Map<Long, ClaimPlan.Candidate> planned) {
        static final Claim NONE = new Claim(List.of(), null, 0, false, Map.of());

        /** This claim with {@code more}, claimed into the same holding after it. */
        Claim and(Claim more) {
            if (more.commands.isEmpty()) {
                return this;
            }
            List<ClaimedCommand> all = new ArrayList<>(commands);
            all.addAll(more.commands);
            all.sort(Comparator.comparingLong(ClaimedCommand::id));
            Map<Long, ClaimPlan.Candidate> allPlanned = new HashMap<>(planned);
            allPlanned.putAll(more.planned);
            return new Claim(all, holding, takenOver + more.takenOver, blocked, allPlanned);
        }
    }

    /** A claim of single transactions (one command per transaction), as before envelopes. */
    public List<ClaimedCommand> claim(String tenantId, String workerId, int limit, Duration lease) throws SQLException {
        return claim(tenantId, workerId, limit, 1, null, lease).commands();
    }

    /**
     * Claims up to {@code limit} commands; with {@code perTransaction} > 1, runs of a key's commands
     * too. {@code extending}: a holding of this worker still in flight, to add commands to (their
     * wallets may be its own); null for a new one.
     */
    public Claim claim(String tenantId, String workerId, int limit, int perTransaction, Long extending, Duration lease)
            throws SQLException {
        return claim(tenantId, workerId, limit, perTransaction, extending, false, lease);
    }

    /**
     * Claims into {@code holding} (this worker's, its transaction still in flight) as a linger does:
     * a hot wallet's next commands, whose wallets the holding holds or are free. No takeovers and no
     * command that kept a transaction of its own: the worker may give the claim back unused
     * ({@link CommandTransitions#unclaim}), which only suits commands it alone would send.
     */
    Claim claimAhead(String tenantId, String workerId, int limit, int perTransaction, long holding, Duration lease) throws SQLException {
        return claim(tenantId, workerId, limit, perTransaction, holding, true, lease);
    }

    private Claim claim(String tenantId, String workerId, int limit, int perTransaction, Long extending, boolean ahead, Duration lease)
            throws SQLException {
        long started = System.nanoTime();
        try {
            Claim claimed = claimOnce(tenantId, workerId, limit, perTransaction, extending, ahead, lease, true);
            if (claimed == null) {
                log.warn("claim by {}: another claim of tenant {} has held the claim turn for over {} ms; claiming without it",
                        workerId, tenantId, TURN_WAIT_MILLIS);
                claimed = claimOnce(tenantId, workerId, limit, perTransaction, extending, ahead, lease, false);
            }
            meters.claim.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            meters.takenOver(claimed.takenOver());
            return claimed;
        } catch (SQLException e) {
            if (lostRace(e)) {
                // Nothing was claimed. The next poll sees the committed state.
                log.debug("claim by {} lost a race ({}); retrying on next poll", workerId, e.getSQLState());
                return Claim.NONE;
            }
            throw e;
        }
    }

    /** One claim transaction; null if {@code inTurn} and the turn (TURN) was not free within TURN_WAIT_MILLIS. */
    private Claim claimOnce(String tenantId, String workerId, int limit, int perTransaction, Long extending, boolean ahead, Duration lease,
                            boolean inTurn) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Claim claimed;
            try {
                applyClaimSettings(connection);
                if (inTurn && !tookTurn(connection, tenantId)) {
                    connection.rollback();
                    return null;
                }
                claimed = claimIn(connection, tenantId, workerId, limit, perTransaction, extending, ahead, lease);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                Rollbacks.rollbackAfter(connection, e);
                throw e;
            }
            // A failure from here on is a claim whose reply was lost, as far as the worker knows
            // (it expires its orphans, which are taken over).
            connection.setAutoCommit(true);
            return withStoredTransactions(connection, claimed);
        }
    }

    /**
     * A claim-side transaction lost a race for a wallet or a row to another claimer or a completion
     * (unique violation, deadlock), or waited past its lock_timeout for one; it changed nothing.
     */
    private static boolean lostRace(SQLException e) {
        return "23505".equals(e.getSQLState()) || "40P01".equals(e.getSQLState()) || "55P03".equals(e.getSQLState());
    }

    /** {@code work} in a short transaction of its own, with the claim's settings (CLAIM_SETTINGS), no turn. */
    private <T> T inClaimTransaction(OutboxTransaction.Work<T> work) throws SQLException {
        return OutboxTransaction.run(dataSource, CommandClaims::applyClaimSettings, work);
    }

    private static void applyClaimSettings(Connection connection) throws SQLException {
        try (PreparedStatement settings = connection.prepareStatement(CLAIM_SETTINGS)) {
            settings.setString(1, Long.toString(TURN_WAIT_MILLIS));
            settings.setString(2, Long.toString(IdleTransactionBound.MILLIS));
            settings.execute();
        }
    }

    private static boolean tookTurn(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement turn = connection.prepareStatement(TURN)) {
            turn.setString(1, tenantId);
            turn.execute();
            return true;
        } catch (SQLException e) {
            if ("55P03".equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    private Claim claimIn(Connection connection, String tenantId, String workerId, int limit, int perTransaction,
                                         Long extending, boolean ahead, Duration lease) throws SQLException {
        if (extending != null && !holdingLives(connection, extending)) {
            return Claim.NONE;
        }
        if (sweepDue()) {
            sweep(connection, tenantId);
        }
        List<Long> takeovers = ahead ? new ArrayList<>() : takeovers(connection, tenantId, limit);
        List<ClaimPlan.Candidate> heads = new ArrayList<>();
        Map<Long, List<ClaimPlan.Candidate>> runs = new HashMap<>();
        int wanted = limit - takeovers.size();
        int runLength = Math.min(perTransaction, limit) - 1;
        // Null: too many keys queued to find the heads key by key; the claim walks the due range.
        List<Long> keyHeads = wanted > 0 ? keyHeads(connection, tenantId, extending, wanted) : null;
        if (wanted > 0 && runLength > 0) {
            // The oldest due head first: under a backlog of one key (a hot wallet) its run alone fills
            // the claim, and the due range is not walked past the thousands of commands queued behind it.
            addHeads(connection, tenantId, extending, 1, runLength, heads, runs, keyHeads);
            wanted -= heads.size() + runs.values().stream().mapToInt(List::size).sum();
            if (heads.isEmpty() && (keyHeads == null || keyHeads.isEmpty())) {
                wanted = 0; // there is no due head at all
            }
        }
        if (wanted > 0) {
            addHeads(connection, tenantId, extending, wanted, runLength, heads, runs, keyHeads);
        }
        Map<String, Long> held = held(connection, tenantId, ClaimPlan.keysOf(heads, runs));
        ClaimPlan plan = ClaimPlan.of(takeovers, heads, runs, held, extending, ahead, limit);
        Long holding = extending;
        if (!plan.locks().isEmpty()) {
            if (holding == null) {
                holding = holdNew(connection, tenantId, plan.locks());
            } else {
                hold(connection, tenantId, holding, plan.locks());
            }
        }
        List<ClaimedCommand> taken = take(connection, workerId, lease, holding, plan.commandIds());
        Set<Long> expired = new HashSet<>(takeovers);
        boolean blocked = taken.isEmpty() && extending == null && ask(connection, BLOCKED, tenantId);
        return new Claim(taken, holding, (int) taken.stream().filter(command -> expired.contains(command.id())).count(), blocked,
                planned(heads, runs));
    }

    /** Every row the plan read, by id; the worker takes the parsed payloads of those it took from here. */
    private static Map<Long, ClaimPlan.Candidate> planned(List<ClaimPlan.Candidate> heads, Map<Long, List<ClaimPlan.Candidate>> runs) {
        Map<Long, ClaimPlan.Candidate> planned = new HashMap<>();
        heads.forEach(head -> planned.put(head.id(), head));
        runs.values().forEach(run -> run.forEach(follower -> planned.put(follower.id(), follower)));
        return planned;
    }

    /** Whether this process's once-a-second sweep (SWEEP) is due; true to one caller per interval. */
    private boolean sweepDue() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        return now - last >= SWEEP_INTERVAL_NANOS && lastSweep.compareAndSet(last, now);
    }

    /** Runs SWEEP; returns how many holdings and orphaned locks it deleted. */
    private static int sweep(Connection connection, String tenantId) throws SQLException {
        try (PreparedStatement sweep = connection.prepareStatement(SWEEP)) {
            sweep.setString(1, tenantId);
            sweep.setString(2, tenantId);
            try (ResultSet rs = sweep.executeQuery()) {
                rs.next();
                int orphaned = rs.getInt(2);
                if (orphaned > 0) {
                    log.warn("tenant {}: deleted {} wallet lock(s) whose holding no longer exists; a submitter older than "
                            + "migration V17 may still be running against this database", tenantId, orphaned);
                }
                return rs.getInt(1) + orphaned;
            }
        }
    }

    /**
     * The sweep a claim runs, for a worker that skips its claims while blocked: a holding orphaned by
     * a worker that died or was paused in its completion holds wallets until swept, and the blocked
     * worker waiting for exactly those would otherwise find out only at its next real claim. Returns
     * how many holdings and orphaned locks it deleted; 0 when not due, or when it lost a race for a lock (a wallet lock a
     * claim is taking: the next second's sweep tries again).
     */
    int sweepIfDue(String tenantId) throws SQLException {
        if (!sweepDue()) {
            return 0;
        }
        try {
            return inClaimTransaction(connection -> sweep(connection, tenantId));
        } catch (SQLException e) {
            if (lostRace(e)) {
                log.debug("sweep of tenant {} lost a race for a lock ({}); trying again in a second", tenantId, e.getSQLState());
                return 0;
            }
            throw e;
        }
    }

    /** Whether a fresh claim could take anything now (see LEASE_EXPIRED); true when it cannot tell. */
    boolean mayClaim(String tenantId) throws SQLException {
        return mayClaim(tenantId, MAY_CLAIM_MAX_KEYS);
    }

    boolean mayClaim(String tenantId, int maxKeys) throws SQLException {
        return inClaimTransaction(connection -> {
            List<Long> heads = keyHeads(connection, tenantId, null, 1, maxKeys);
            return heads == null || !heads.isEmpty() || ask(connection, LEASE_EXPIRED, tenantId);
        });
    }

    /**
     * Up to {@code count} due heads with free wallets, in due order, found key by key (KEY_HEADS); null
     * when more keys are queued than a claim visits, and for a while after that (the walk serves then).
     */
    private List<Long> keyHeads(Connection connection, String tenantId, Long extending, int count) throws SQLException {
        Long walkUntil = manyKeysUntil.get(tenantId);
        if (claimMaxKeys == 0 || walkUntil != null && System.nanoTime() - walkUntil < 0) {
            return null;
        }
        List<Long> heads = keyHeads(connection, tenantId, extending, count, claimMaxKeys);
        if (heads == null) {
            manyKeysUntil.put(tenantId, System.nanoTime() + WALK_AFTER_MANY_KEYS_NANOS);
        }
        return heads;
    }

    private static List<Long> keyHeads(Connection connection, String tenantId, Long extending, int count, int maxKeys) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(KEY_HEADS)) {
            select.setString(1, tenantId);
            select.setString(2, tenantId);
            select.setInt(3, maxKeys);
            select.setString(4, tenantId);
            select.setString(5, tenantId);
            select.setObject(6, extending, Types.BIGINT);
            select.setInt(7, count);
            select.setInt(8, maxKeys);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                if (rs.getBoolean(2)) {
                    return null;
                }
                return new ArrayList<>(List.of((Long[]) rs.getArray(1).getArray()));
            }
        }
    }

    /** The answer of a yes-or-no statement about a tenant (BLOCKED, LEASE_EXPIRED). */
    private static boolean ask(Connection connection, String question, String tenantId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(question)) {
            select.setString(1, tenantId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean holdingLives(Connection connection, long holding) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(HOLDING_LIVES)) {
            lock.setLong(1, holding);
            try (ResultSet rs = lock.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Adds up to {@code count} due heads not yet in {@code heads}, in due order, and their runs: the
     * next ones of {@code keyHeads} (taken from it), or, when that is null, the walk's.
     */
    private static void addHeads(Connection connection, String tenantId, Long extending, int count, int runLength,
                                 List<ClaimPlan.Candidate> heads, Map<Long, List<ClaimPlan.Candidate>> runs, List<Long> keyHeads)
            throws SQLException {
        if (keyHeads != null && keyHeads.isEmpty()) {
            return;
        }
        List<ClaimPlan.Candidate> found = new ArrayList<>();
        try (PreparedStatement due = keyHeads == null ? walk(connection, tenantId, extending, count, heads)
                : among(connection, tenantId, extending, keyHeads, count)) {
            try (ResultSet rs = due.executeQuery()) {
                while (rs.next()) {
                    found.add(candidate(rs));
                }
            }
        }
        heads.addAll(found);
        if (runLength > 0 && !found.isEmpty()) {
            runs.putAll(runs(connection, tenantId, found, runLength, Math.max(count, runLength)));
        }
    }

    private static PreparedStatement walk(Connection connection, String tenantId, Long extending, int count,
                                          List<ClaimPlan.Candidate> heads) throws SQLException {
        PreparedStatement due = connection.prepareStatement(HEADS);
        due.setString(1, tenantId);
        due.setArray(2, connection.createArrayOf("bigint", heads.stream().map(ClaimPlan.Candidate::id).toArray()));
        due.setObject(3, extending, Types.BIGINT);
        due.setInt(4, count);
        return due;
    }

    /** The first {@code count} of {@code keyHeads}, removed from it. */
    private static PreparedStatement among(Connection connection, String tenantId, Long extending, List<Long> keyHeads, int count)
            throws SQLException {
        List<Long> next = keyHeads.subList(0, Math.min(count, keyHeads.size()));
        PreparedStatement due = connection.prepareStatement(HEADS_AMONG);
        due.setArray(1, connection.createArrayOf("bigint", next.toArray()));
        due.setString(2, tenantId);
        due.setObject(3, extending, Types.BIGINT);
        next.clear();
        return due;
    }

    /** The commands in flight of holdings whose lease expired: whole holdings, so it may exceed {@code limit}. */
    private static List<Long> takeovers(Connection connection, String tenantId, int limit) throws SQLException {
        List<Long> holdings = new ArrayList<>();
        try (PreparedStatement expired = connection.prepareStatement(TAKEOVER_HOLDINGS)) {
            expired.setString(1, tenantId);
            expired.setInt(2, limit);
            try (ResultSet rs = expired.executeQuery()) {
                while (rs.next()) {
                    holdings.add(rs.getLong(1));
                }
            }
        }
        List<Long> ids = new ArrayList<>();
        if (holdings.isEmpty()) {
            return ids;
        }
        try (PreparedStatement takeover = connection.prepareStatement(TAKEOVER)) {
            takeover.setArray(1, connection.createArrayOf("bigint", holdings.toArray()));
            try (ResultSet rs = takeover.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    private static ClaimPlan.Candidate candidate(ResultSet rs) throws SQLException {
        long holding = rs.getLong(6);
        Long holdingId = rs.wasNull() ? null : holding;
        return ClaimPlan.Candidate.of(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                holdingId, rs.getBoolean(7));
    }

    /**
     * The commands after each head in its key, in id order, up to the first one another claimer holds:
     * up to {@code length} per key and {@code total} in all, the first heads' first.
     */
    private static Map<Long, List<ClaimPlan.Candidate>> runs(Connection connection, String tenantId, List<ClaimPlan.Candidate> heads,
                                                             int length, int total) throws SQLException {
        Map<Long, List<Long>> idsByHead = new HashMap<>();
        List<Long> all = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(RUNS)) {
            select.setArray(1, connection.createArrayOf("bigint", heads.stream().map(ClaimPlan.Candidate::id).toArray()));
            select.setArray(2, connection.createArrayOf("text", heads.stream().map(ClaimPlan.Candidate::orderingKey).toArray()));
            select.setString(3, tenantId);
            select.setInt(4, length);
            select.setInt(5, total);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    idsByHead.computeIfAbsent(rs.getLong(1), head -> new ArrayList<>()).add(rs.getLong(2));
                    all.add(rs.getLong(2));
                }
            }
        }
        if (all.isEmpty()) {
            return Map.of();
        }
        Map<Long, ClaimPlan.Candidate> locked = new HashMap<>();
        try (PreparedStatement lock = connection.prepareStatement(LOCK_RUNS)) {
            lock.setArray(1, connection.createArrayOf("bigint", all.toArray()));
            try (ResultSet rs = lock.executeQuery()) {
                while (rs.next()) {
                    ClaimPlan.Candidate candidate = candidate(rs);
                    locked.put(candidate.id(), candidate);
                }
            }
        }
        Map<Long, List<ClaimPlan.Candidate>> runs = new HashMap<>();
        for (Map.Entry<Long, List<Long>> entry : idsByHead.entrySet()) {
            List<ClaimPlan.Candidate> run = new ArrayList<>();
            for (long id : entry.getValue()) {
                ClaimPlan.Candidate candidate = locked.get(id);
                if (candidate == null) {
                    break; // held by someone else, or no longer PENDING: the rest of the key waits
                }
                run.add(candidate);
            }
            runs.put(entry.getKey(), run);
        }
        return runs;
    }

    private static Map<String, Long> held(Connection connection, String tenantId, Collection<String> keys) throws SQLException {
        Map<String, Long> held = new HashMap<>();
        if (keys.isEmpty()) {
            return held;
        }
        try (PreparedStatement select = connection.prepareStatement(HELD)) {
            select.setString(1, tenantId);
            select.setArray(2, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    held.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return held;
    }

    /** Locks the keys in a new holding and returns it; a key another holding holds fails the claim (HOLD_NEW). */
    private static long holdNew(Connection connection, String tenantId, Collection<String> keys) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(HOLD_NEW)) {
            insert.setString(1, tenantId);
            insert.setString(2, tenantId);
            insert.setArray(3, connection.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Adds the keys to this worker's live holding (see HOLDING_LIVES); a key another holding holds fails the claim (HOLD). */
    private static void hold(Connection connection, String tenantId, long holding, Collection<String> keys) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(HOLD)) {
            insert.setString(1, tenantId);
            insert.setLong(2, holding);
            insert.setArray(3, connection.createArrayOf("text", keys.toArray()));
            insert.executeUpdate();
        }
    }

    /**
     * Takes the planned commands; one endorsed before comes back with its transaction id, and for an
     * envelope's member its place, but without the stored bytes (see STORED_TRANSACTIONS).
     */
    private static List<ClaimedCommand> take(Connection connection, String workerId, Duration lease, Long holding, List<Long> ids)
            throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<ClaimedCommand> claimed = new ArrayList<>();
        try (PreparedStatement update = connection.prepareStatement(TAKE)) {
            update.setString(1, workerId);
            update.setLong(2, lease.toMillis());
            update.setObject(3, holding, Types.BIGINT);
            update.setArray(4, connection.createArrayOf("bigint", ids.toArray()));
            try (ResultSet rs = update.executeQuery()) {
                while (rs.next()) {
                    // The type stays text here: a row no command type names is failed by the worker,
                    // never allowed to break the claim of the rows next to it.
                    long holdingId = rs.getLong(12);
                    Long heldBy = rs.wasNull() ? null : holdingId;
                    long envelope = rs.getLong(13);
                    ClaimedCommand.EnvelopeSlot slot = rs.wasNull() ? null : new ClaimedCommand.EnvelopeSlot(envelope, rs.getInt(14), null);
                    claimed.add(new ClaimedCommand(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7), rs.getInt(8), rs.getInt(9), Duration.ofMillis(rs.getLong(10)),
                            rs.getString(11), null, heldBy, slot));
                }
            }
        }
        claimed.sort(Comparator.comparingLong(ClaimedCommand::id));
        return claimed;
    }

    /**
     * The claim with the stored transactions of its commands endorsed before: a single transaction's
     * bytes, or an envelope's bytes and result (to read its members' outcomes from). Outside the
     * claim's transaction, see STORED_TRANSACTIONS.
     */
    private static Claim withStoredTransactions(Connection connection, Claim claim) throws SQLException {
        List<Long> singles = new ArrayList<>();
        Set<Long> envelopes = new HashSet<>();
        for (ClaimedCommand command : claim.commands()) {
            if (command.envelope() != null) {
                envelopes.add(command.envelope().envelopeId());
            } else if (command.transactionId() != null) {
                singles.add(command.id());
            }
        }
        if (singles.isEmpty() && envelopes.isEmpty()) {
            return claim;
        }
        Map<Long, byte[]> singleBytes = new HashMap<>();
        Map<Long, byte[]> envelopeBytes = new HashMap<>();
        Map<Long, String> results = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(STORED_TRANSACTIONS)) {
            select.setArray(1, connection.createArrayOf("bigint", singles.toArray()));
            select.setArray(2, connection.createArrayOf("bigint", envelopes.toArray()));
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (rs.getBoolean(1)) {
                        envelopeBytes.put(rs.getLong(2), rs.getBytes(3));
                        results.put(rs.getLong(2), rs.getString(4));
                    } else {
                        singleBytes.put(rs.getLong(2), rs.getBytes(3));
                    }
                }
            }
        }
        List<ClaimedCommand> complete = new ArrayList<>();
        for (ClaimedCommand c : claim.commands()) {
            ClaimedCommand.EnvelopeSlot slot = c.envelope();
            byte[] bytes = slot != null ? envelopeBytes.get(slot.envelopeId()) : singleBytes.get(c.id());
            complete.add(slot == null && bytes == null ? c : new ClaimedCommand(c.id(), c.tenantId(), c.commandType(), c.payload(),
                    c.idempotencyKey(), c.orderingKey(), c.touchKey(), c.attempts(), c.conflicts(), c.age(), c.transactionId(), bytes,
                    c.holdingId(), slot == null ? null : new ClaimedCommand.EnvelopeSlot(slot.envelopeId(), slot.position(),
                            results.get(slot.envelopeId()))));
        }
        return new Claim(complete, claim.holding(), claim.takenOver(), claim.blocked(), claim.planned());
    }

    /**
     * Releases, for takeover, the commands locked by {@code workerId}; only for a worker that holds
     * nothing in flight, after a claim whose outcome it could not learn. Returns how many.
     */
    public int expireOrphans(String workerId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement expire = connection.prepareStatement(EXPIRE_ORPHANS)) {
            expire.setString(1, workerId);
            return expire.executeUpdate();
        }
    }

    /** Extends the leases this worker still holds; returns how many it still holds. */
    public int renew(String workerId, Collection<Long> ids, Duration lease) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
             PreparedStatement renew = connection.prepareStatement(RENEW)) {
            // Sorted, like every other multi-row update of the outbox, so renewal and completion cannot deadlock.
            Array idArray = connection.createArrayOf("bigint", ids.stream().sorted().toArray());
            renew.setLong(1, lease.toMillis());
            renew.setArray(2, idArray);
            renew.setString(3, workerId);
            return renew.executeUpdate();
        }
    }
}
