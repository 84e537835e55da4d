-- One ledger transaction in flight per wallet, as a database rule across every submitter process.
--
-- Before: a unique index allowed one PROCESSING command per ordering key, and the claim skipped a
-- command whose wallets a command in flight wrote, but only as its snapshot saw it: submitters of
-- other processes still raced, and lost MVCC races. Now a claim holds its wallets: it inserts one
-- outbox_wallet_lock row per wallet (and per ordering key) its commands touch, in its own database
-- transaction, and the primary key refuses a second holder. The rows go when the holding's last
-- command leaves flight (COMMITTED, FAILED, or back to PENDING without a transaction that may still
-- commit), in the same database transaction that moves it. One holding may carry several commands of
-- one ordering key, which an ApplyCommands envelope applies in order; so the unique index on
-- in-flight ordering keys goes, replaced by the lock on the ordering key.
CREATE TABLE outbox_holding (
    id         BIGSERIAL   PRIMARY KEY,
    tenant_id  TEXT        COLLATE "C" NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE outbox_wallet_lock (
    tenant_id  TEXT   COLLATE "C" NOT NULL,
    lock_key   TEXT   COLLATE "C" NOT NULL,
    holding_id BIGINT NOT NULL REFERENCES outbox_holding (id) ON DELETE CASCADE,
    PRIMARY KEY (tenant_id, lock_key)
);

CREATE INDEX outbox_wallet_lock_holding ON outbox_wallet_lock (holding_id);

-- An endorsed ApplyCommands transaction, stored once for all its commands (up to 100 commands share
-- one set of signed bytes of up to ~256 KiB: a copy per command row would write them 100 times), with
-- the endorsement's result, so whoever holds its commands next can resubmit it and read each
-- command's outcome without endorsing again. Kept like outbox_command.tx_bytes is.
CREATE TABLE outbox_envelope (
    id           BIGSERIAL   PRIMARY KEY,
    tenant_id    TEXT        COLLATE "C" NOT NULL,
    fabric_tx_id TEXT        COLLATE "C" NOT NULL,
    tx_bytes     BYTEA       NOT NULL,
    result       TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

ALTER TABLE outbox_command
    ADD COLUMN holding_id        BIGINT,
    ADD COLUMN envelope_id       BIGINT REFERENCES outbox_envelope (id),
    ADD COLUMN envelope_position INTEGER;

-- "Does the holding still have a command in flight?" on every release: open rows only.
CREATE INDEX outbox_command_holding ON outbox_command (holding_id)
    WHERE holding_id IS NOT NULL AND status IN ('PENDING', 'PROCESSING');

-- Commands in flight while an older version ran keep their wallets held until they finish.
UPDATE outbox_command SET holding_id = nextval('outbox_holding_id_seq') WHERE status = 'PROCESSING';
INSERT INTO outbox_holding (id, tenant_id) SELECT holding_id, tenant_id FROM outbox_command WHERE status = 'PROCESSING';
INSERT INTO outbox_wallet_lock (tenant_id, lock_key, holding_id)
    SELECT c.tenant_id, k.lock_key, c.holding_id
    FROM outbox_command c CROSS JOIN LATERAL (VALUES (c.ordering_key), (c.touch_key)) AS k (lock_key)
    WHERE c.status = 'PROCESSING' AND k.lock_key IS NOT NULL
    ON CONFLICT DO NOTHING;

DROP INDEX outbox_command_one_in_flight;
