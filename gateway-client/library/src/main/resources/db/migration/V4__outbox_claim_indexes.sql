-- Claims walk tight index ranges instead of every open command. V1's outbox_command_open and
-- outbox_command_queue held PENDING and PROCESSING rows, and every update of an in-flight command
-- added another entry to both, so a claim stepped over in-flight rows and their dead versions;
-- and since both had the same predicate and a (tenant_id, ...) prefix, the planner, on stale
-- statistics, answered the per-candidate head-of-key probe by scanning the whole open index.
--
-- Now each claim step has exactly one index whose predicate its WHERE clause implies and whose
-- columns answer it. The IS NOT NULL conjuncts below are always true for these rows (the columns
-- are NOT NULL, or non-null exactly when PROCESSING by the outbox_command_lease check); they are
-- there so that a query not naming the column cannot use the index: the planner proves a partial
-- index usable only if the query's conditions imply its predicate, and `col <op> x` implies
-- `col IS NOT NULL`. So no statistics and no generic plan can send a claim down the wrong index.

DROP INDEX outbox_command_open;
DROP INDEX outbox_command_queue;

-- Due commands in the order they fall due. Only PENDING rows: a claimed command leaves this index
-- at once (one entry per enqueue or retry), so a claim never steps over in-flight commands, and
-- commands backing off sit past now() instead of in front of the range.
CREATE INDEX outbox_command_due ON outbox_command (tenant_id, next_attempt_at, id)
    WHERE status = 'PENDING' AND next_attempt_at IS NOT NULL;

-- Head-of-key test: is there an older PENDING command with my ordering key? (Whether the key has
-- one in flight is answered by the unique outbox_command_one_in_flight index.)
CREATE INDEX outbox_command_pending_key ON outbox_command (tenant_id, ordering_key, id)
    WHERE status = 'PENDING' AND ordering_key IS NOT NULL;

-- Expired leases: a range on lease_expires_at, empty unless a worker died. "Has a lease" rather
-- than status = 'PROCESSING', so this index and outbox_command_one_in_flight never stand in for
-- each other.
CREATE INDEX outbox_command_lease_expiry ON outbox_command (tenant_id, lease_expires_at)
    WHERE lease_expires_at IS NOT NULL;
