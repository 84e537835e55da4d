package dev.tokenomics.client.projector;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The read-model statements of one batch, each set-based (arrays bound once, unnested by
 * PostgreSQL), so a batch costs a handful of round trips however many transactions it holds:
 * transaction rows, wallets with their owners' profiles, outbox confirmations and the failures of
 * commands an ApplyCommands envelope rejected.
 */
final class ReadModelWriter {
    private static final String INSERT_TRANSACTIONS = """
            INSERT INTO wallet_transaction (tenant_id, on_chain_tx_id, block_number, tx_index, command_position, event_type, tx_type,
                idempotency_key, from_wallet_id, to_wallet_id, amount, movements, total_supply, remark, reason, original_tx_id, applied,
                tx_timestamp)
            SELECT ?, t.tx_id, t.block, t.idx, t.pos, t.event_type, t.tx_type, t.idem, t.from_id, t.to_id, t.amount, t.movements::jsonb,
                   t.supply, t.remark, t.reason, t.original, t.applied, t.ts
            FROM unnest(?::bigint[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[],
                        ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[])
                 AS t(block, tx_id, idx, pos, event_type, tx_type, idem, from_id, to_id, amount, movements, supply, remark, reason,
                      original, applied, ts)""";

    /*
     * Wallets and owner profiles in one statement. Every part of a data-modifying WITH sees the
     * snapshot from before it, so "old" is the state before this batch: profiles move by
     * (new - old) per owner, O(wallets touched) rather than re-aggregating an owner's wallets.
     * Existing wallets take a plain UPDATE (measured ~30% cheaper than INSERT ... ON CONFLICT DO
     * UPDATE, whose speculative insertion probes the key first); only unseen ones are inserted.
     */
    private static final String WRITE_WALLETS_AND_PROFILES = """
            WITH v AS (
                SELECT * FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::bigint[])
                    AS v(wallet_id, owner_id, balance, status, reason, touches, last_tx, last_block)),
            old AS (
                SELECT w.wallet_id, w.owner_id, w.balance, w.status FROM wallet w WHERE w.tenant_id = ? AND w.wallet_id = ANY (?::text[])),
            changed AS (
                UPDATE wallet w SET owner_id = v.owner_id, balance = v.balance, status = v.status,
                    freeze_reason = CASE WHEN v.status = 'ACTIVE' THEN NULL ELSE COALESCE(v.reason, w.freeze_reason) END,
                    version = w.version + v.touches, last_tx_id = v.last_tx, last_block = v.last_block, updated_at = now()
                FROM v WHERE w.tenant_id = ? AND w.wallet_id = v.wallet_id
                RETURNING w.owner_id, w.balance, w.status),
            created AS (
                INSERT INTO wallet (tenant_id, wallet_id, owner_id, balance, status, freeze_reason, version, last_tx_id, last_block)
                SELECT ?, v.wallet_id, v.owner_id, v.balance, v.status, v.reason, v.touches, v.last_tx, v.last_block
                FROM v LEFT JOIN old USING (wallet_id) WHERE old.wallet_id IS NULL
                RETURNING owner_id, balance, status),
            delta AS (
                SELECT owner_id, sum(wallets) AS wallets, sum(frozen) AS frozen, sum(balance) AS balance FROM (
                    SELECT owner_id, 1 AS wallets, (status = 'FROZEN')::int AS frozen, balance FROM changed
                    UNION ALL
                    SELECT owner_id, 1, (status = 'FROZEN')::int, balance FROM created
                    UNION ALL
                    SELECT owner_id, -1, -(status = 'FROZEN')::int, -balance FROM old) d
                GROUP BY owner_id)
            INSERT INTO owner_profile AS p (tenant_id, owner_id, wallet_count, frozen_wallet_count, total_balance, updated_at)
            SELECT ?, owner_id, wallets, frozen, balance, now() FROM delta
            ON CONFLICT (tenant_id, owner_id) DO UPDATE SET
                wallet_count = p.wallet_count + excluded.wallet_count,
                frozen_wallet_count = p.frozen_wallet_count + excluded.frozen_wallet_count,
                total_balance = p.total_balance + excluded.total_balance, updated_at = now()""";

    /*
     * The command of a key (v.command_key) with its transaction id, for a join that then keeps it if
     * it holds the transaction (v.tx_id) that carries that key. Joined directly on both, the plan may
     * look commands up by their transaction id instead of their key: the 1,000 commands of an
     * envelope share one, so each key read all 1,000 (200-400 ms a block, most of the projector's
     * database time, where statistics were stale). OFFSET 0 keeps this a lookup of the unique key.
     * In the statements below, "{key_lookup}" stands for it.
     */
    private static final String KEY_LOOKUP = """
            SELECT c.id, c.fabric_tx_id FROM outbox_command c WHERE c.tenant_id = ? AND c.idempotency_key = v.command_key OFFSET 0""";

    /** Confirms the commands of {@code target(id, block)}; the block a command already records is kept. */
    private static final String CONFIRM_TARGET = """
            UPDATE outbox_command o SET status = 'CONFIRMED', block_number = COALESCE(o.block_number, target.block),
                   validation_code = 'VALID', error_code = NULL, error_detail = NULL, locked_by = NULL, lease_expires_at = NULL,
                   confirmed_at = now(), updated_at = now()
            FROM target WHERE o.id = target.id""";

    /*
     * A command found by its own transaction is the one whose request that transaction carries: it
     * is confirmed here, whatever its status (a FAILED RETRIES_EXHAUSTED whose transaction committed
     * after all included: the ledger wins). Its own transaction is the one whose id it holds (for a
     * single transaction, found through single_tx_id, the only indexed copy: V18); for an
     * ApplyCommands envelope, which many commands hold, the command applied or replayed under its
     * key in the envelope whose id it holds. A transaction that is not a command's own may still
     * carry its idempotency key: a replay, an earlier endorsement that committed after all, or
     * another deployment's transaction under the same tenant and key. Whether it carries this
     * command's request is decided in Java (RequestMatch), so such commands are only returned, with
     * their type and payload, and the block their own transaction committed in if it is in this
     * batch too (the earliest block wins, as block by block). That path is rare; in the common case
     * this is the batch's only confirmation statement and returns (count, null). Rows are locked in
     * id order, as the submitters' updates do, so the two rarely deadlock.
     */
    private static final String CONFIRM_BY_TX_ID = ("""
            WITH by_tx AS (
                SELECT c.id, v.tx_id, v.block FROM unnest(?::text[], ?::bigint[]) AS v(tx_id, block)
                    JOIN outbox_command c ON c.tenant_id = ? AND c.single_tx_id = v.tx_id
                UNION ALL
                SELECT c.id, v.tx_id, v.block FROM unnest(?::text[], ?::text[], ?::bigint[]) AS v(command_key, tx_id, block)
                    CROSS JOIN LATERAL ({key_lookup}) c
                WHERE c.fabric_tx_id = v.tx_id),
            by_key AS (
                SELECT c.id, c.idempotency_key, c.command_type, c.payload, v.tx_id, v.block
                FROM unnest(?::text[], ?::text[], ?::bigint[]) AS v(command_key, tx_id, block)
                    JOIN outbox_command c ON c.tenant_id = ? AND c.idempotency_key = v.command_key
                WHERE c.status <> 'CONFIRMED' AND c.fabric_tx_id IS DISTINCT FROM v.tx_id),
            target AS (
                SELECT o.id, by_tx.block FROM outbox_command o JOIN by_tx ON o.id = by_tx.id
                WHERE o.status <> 'CONFIRMED' AND o.id NOT IN (SELECT id FROM by_key) ORDER BY o.id FOR UPDATE OF o),
            confirmed AS (
            """ + CONFIRM_TARGET + """
                RETURNING o.id)
            SELECT (SELECT count(*) FROM confirmed),
                   (SELECT json_agg(json_build_object('id', k.id, 'key', k.idempotency_key, 'type', k.command_type,
                        'payload', k.payload::text, 'txId', k.tx_id, 'block', k.block, 'ownBlock', t.block))
                    FROM by_key k LEFT JOIN by_tx t ON t.id = k.id)""").replace("{key_lookup}", KEY_LOOKUP);

    /** Confirms the by-key candidates chosen in Java: {@code (id, block)}. */
    private static final String CONFIRM_CHOSEN = """
            WITH target AS (
                SELECT o.id, v.block FROM unnest(?::bigint[], ?::bigint[]) AS v(id, block) JOIN outbox_command o ON o.id = v.id
                WHERE o.status <> 'CONFIRMED' ORDER BY o.id FOR UPDATE OF o)
            """ + CONFIRM_TARGET;

    /*
     * A command the chaincode rejected inside the envelope it was sent in (the one whose id it
     * holds) has its answer: FAILED with the rejection's code and message, as a rejected single
     * transaction would have been failed by its submitter. Runs after the confirmations of the same
     * batch, and only open commands fail: one confirmed (its request applied by another
     * transaction) or already failed keeps its answer. A rejection in an envelope that is not the
     * command's own (an earlier endorsement it was re-sent from) decides nothing: the key stays
     * usable and the command's own transaction gives the answer.
     */
    private static final String FAIL_REJECTED = """
            WITH rejected AS (
                SELECT c.id, v.tx_id, v.block, v.code, v.detail
                FROM unnest(?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[]) AS v(command_key, tx_id, block, code, detail)
                    CROSS JOIN LATERAL ({key_lookup}) c
                WHERE c.fabric_tx_id = v.tx_id),
            target AS (
                SELECT o.id, r.block, r.code, r.detail FROM outbox_command o JOIN rejected r ON o.id = r.id
                WHERE o.fabric_tx_id = r.tx_id AND o.status IN ('PENDING', 'PROCESSING', 'COMMITTED') ORDER BY o.id FOR UPDATE OF o)
            UPDATE outbox_command o SET status = 'FAILED', block_number = target.block, validation_code = 'VALID',
                   error_code = target.code, error_detail = target.detail, locked_by = NULL, lease_expires_at = NULL, updated_at = now()
            FROM target WHERE o.id = target.id""".replace("{key_lookup}", KEY_LOOKUP);

    private final String tenantId;

    ReadModelWriter(String tenantId) {
        this.tenantId = tenantId;
    }

    void insertTransactions(Connection connection, List<BatchChanges.Row> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(INSERT_TRANSACTIONS)) {
            Parameters binder = new Parameters(connection, insert, 1);
            binder.text(tenantId);
            binder.array("int8", rows, BatchChanges.Row::blockNumber);
            binder.array("text", rows, BatchChanges.Row::txId);
            binder.array("int4", rows, BatchChanges.Row::index);
            binder.array("int4", rows, BatchChanges.Row::position);
            binder.array("text", rows, BatchChanges.Row::eventType);
            binder.array("text", rows, BatchChanges.Row::txType);
            binder.array("text", rows, BatchChanges.Row::idempotencyKey);
            binder.array("text", rows, BatchChanges.Row::fromId);
            binder.array("text", rows, BatchChanges.Row::toId);
            binder.array("int8", rows, BatchChanges.Row::amount);
            binder.array("text", rows, BatchChanges.Row::movementsJson);
            binder.array("int8", rows, BatchChanges.Row::totalSupply);
            binder.array("text", rows, BatchChanges.Row::remark);
            binder.array("text", rows, BatchChanges.Row::reason);
            binder.array("text", rows, BatchChanges.Row::originalTxId);
            binder.array("bool", rows, BatchChanges.Row::applied);
            binder.array("timestamptz", rows, BatchChanges.Row::timestamp);
            insert.executeUpdate();
        }
    }

    void writeWalletsAndProfiles(Connection connection, List<BatchChanges.WalletChange> wallets) throws SQLException {
        if (wallets.isEmpty()) {
            return;
        }
        try (PreparedStatement write = connection.prepareStatement(WRITE_WALLETS_AND_PROFILES)) {
            Parameters binder = new Parameters(connection, write, 1);
            binder.array("text", wallets, w -> w.state().walletId());
            binder.array("text", wallets, w -> w.state().owner());
            binder.array("int8", wallets, w -> w.state().balance());
            binder.array("text", wallets, w -> w.state().status());
            binder.array("text", wallets, BatchChanges.WalletChange::freezeReason);
            binder.array("int8", wallets, BatchChanges.WalletChange::touches);
            binder.array("text", wallets, BatchChanges.WalletChange::lastTxId);
            binder.array("int8", wallets, BatchChanges.WalletChange::lastBlock);
            binder.text(tenantId);
            binder.array("text", wallets, w -> w.state().walletId());
            binder.text(tenantId);
            binder.text(tenantId);
            binder.text(tenantId);
            write.executeUpdate();
        }
    }

    int confirmCommands(Connection connection, List<BatchChanges.Confirmation> byTxId, List<BatchChanges.Confirmation> byOwnItem,
                        List<BatchChanges.Confirmation> byCommandKey) throws SQLException {
        if (byTxId.isEmpty() && byOwnItem.isEmpty() && byCommandKey.isEmpty()) {
            return 0;
        }
        int confirmed;
        String candidates;
        try (PreparedStatement statement = connection.prepareStatement(CONFIRM_BY_TX_ID)) {
            Parameters binder = new Parameters(connection, statement, 1);
            binder.array("text", byTxId, BatchChanges.Confirmation::txId);
            binder.array("int8", byTxId, BatchChanges.Confirmation::blockNumber);
            binder.text(tenantId);
            binder.array("text", byOwnItem, BatchChanges.Confirmation::commandKey);
            binder.array("text", byOwnItem, BatchChanges.Confirmation::txId);
            binder.array("int8", byOwnItem, BatchChanges.Confirmation::blockNumber);
            binder.text(tenantId);
            binder.array("text", byCommandKey, BatchChanges.Confirmation::commandKey);
            binder.array("text", byCommandKey, BatchChanges.Confirmation::txId);
            binder.array("int8", byCommandKey, BatchChanges.Confirmation::blockNumber);
            binder.text(tenantId);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                confirmed = rs.getInt(1);
                candidates = rs.getString(2);
            }
        }
        return candidates == null ? confirmed : confirmed + confirmChosen(connection, choose(candidates, byCommandKey));
    }

    /**
     * The block at which each candidate command is confirmed: the earliest block of a transaction
     * that carries its request (RequestMatch) or of its own transaction. A command whose key was
     * used for another request stays as it is.
     */
    private Map<Long, Long> choose(String candidatesJson, List<BatchChanges.Confirmation> byCommandKey) {
        Map<List<String>, LedgerEvent> events = new HashMap<>(); // (txId, command key): an envelope carries many keys
        byCommandKey.forEach(c -> events.put(List.of(c.txId(), c.commandKey()), c.event()));
        Map<Long, Long> chosen = new TreeMap<>();
        for (JsonElement element : JsonParser.parseString(candidatesJson).getAsJsonArray()) {
            JsonObject candidate = element.getAsJsonObject();
            long id = candidate.get("id").getAsLong();
            if (!candidate.get("ownBlock").isJsonNull()) {
                chosen.merge(id, candidate.get("ownBlock").getAsLong(), Math::min);
            }
            String key = candidate.get("key").getAsString();
            if (RequestMatch.carries(events.get(List.of(candidate.get("txId").getAsString(), key)), tenantId, key,
                    candidate.get("type").getAsString(), candidate.get("payload").getAsString())) {
                chosen.merge(id, candidate.get("block").getAsLong(), Math::min);
            }
        }
        return chosen;
    }

    /** Fails the commands whose own envelope rejected them; returns how many. */
    int failRejected(Connection connection, List<BatchChanges.Rejection> rejections) throws SQLException {
        if (rejections.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement(FAIL_REJECTED)) {
            Parameters binder = new Parameters(connection, update, 1);
            binder.array("text", rejections, BatchChanges.Rejection::commandKey);
            binder.array("text", rejections, BatchChanges.Rejection::txId);
            binder.array("int8", rejections, BatchChanges.Rejection::blockNumber);
            binder.array("text", rejections, BatchChanges.Rejection::code);
            binder.array("text", rejections, BatchChanges.Rejection::message);
            binder.text(tenantId);
            return update.executeUpdate();
        }
    }

    private static int confirmChosen(Connection connection, Map<Long, Long> blockById) throws SQLException {
        if (blockById.isEmpty()) {
            return 0;
        }
        try (PreparedStatement update = connection.prepareStatement(CONFIRM_CHOSEN)) {
            update.setArray(1, connection.createArrayOf("int8", blockById.keySet().toArray()));
            update.setArray(2, connection.createArrayOf("int8", blockById.values().toArray()));
            return update.executeUpdate();
        }
    }

    /** Binds parameters in order: one column of a list as a SQL array, or a plain text value. */
    private static final class Parameters {
        private final Connection connection;
        private final PreparedStatement statement;
        private int next;

        Parameters(Connection connection, PreparedStatement statement, int first) {
            this.connection = connection;
            this.statement = statement;
            this.next = first;
        }

        /*
         * Arrays of the types the driver can send in binary go as Java arrays of that type: the text
         * form createArrayOf writes quotes and escapes every element, which for a block's rows (the
         * movements' JSON among them) was ~40 % of the projector's writing thread (bench-projector).
         */
        <T> void array(String sqlType, List<T> items, Function<T, ?> column) throws SQLException {
            Object[] values = switch (sqlType) {
                case "text" -> new String[items.size()];
                case "int8" -> new Long[items.size()];
                case "int4" -> new Integer[items.size()];
                case "bool" -> new Boolean[items.size()];
                default -> new Object[items.size()];
            };
            for (int i = 0; i < values.length; i++) {
                values[i] = column.apply(items.get(i));
            }
            if (values.getClass() == Object[].class) {
                statement.setArray(next++, connection.createArrayOf(sqlType, values));
            } else {
                statement.setObject(next++, values);
            }
        }

        void text(String value) throws SQLException {
            statement.setString(next++, value);
        }
    }
}
