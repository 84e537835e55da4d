-- The outbox: commands a backend enqueues in its own transaction and submitters deliver to Fabric.
-- Status lifecycle: PENDING -> PROCESSING -> COMMITTED (VALID on the ledger) -> CONFIRMED (projected),
-- or FAILED with error_code. COMMITTED is reported to callers as PROCESSING (not yet in the read model).
CREATE TABLE outbox_command (
    id               BIGSERIAL   PRIMARY KEY,
    tenant_id        TEXT        NOT NULL,
    command_type     TEXT        NOT NULL,
    payload          JSONB       NOT NULL,
    idempotency_key  TEXT        NOT NULL,
    ordering_key     TEXT        NOT NULL,
    status           TEXT        NOT NULL DEFAULT 'PENDING',
    attempts         INTEGER     NOT NULL DEFAULT 0,
    conflicts        INTEGER     NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    locked_by        TEXT,
    lease_expires_at TIMESTAMPTZ,
    fabric_tx_id     TEXT,
    tx_bytes         BYTEA,
    block_number     BIGINT,
    validation_code  TEXT,
    error_code       TEXT,
    error_detail     TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    committed_at     TIMESTAMPTZ,
    confirmed_at     TIMESTAMPTZ,
    CONSTRAINT outbox_command_idempotency UNIQUE (tenant_id, idempotency_key),
    CONSTRAINT outbox_command_status CHECK (status IN ('PENDING', 'PROCESSING', 'COMMITTED', 'CONFIRMED', 'FAILED')),
    CONSTRAINT outbox_command_lease CHECK ((status = 'PROCESSING') = (locked_by IS NOT NULL AND lease_expires_at IS NOT NULL))
);

-- Claim scan: open commands in queue order.
CREATE INDEX outbox_command_open ON outbox_command (tenant_id, id)
    WHERE status IN ('PENDING', 'PROCESSING');

-- Head-of-queue test per ordering key (is there an older open command with my key?).
CREATE INDEX outbox_command_queue ON outbox_command (tenant_id, ordering_key, id)
    WHERE status IN ('PENDING', 'PROCESSING');

-- The database itself guarantees at most one command in flight per ordering key, even if two
-- claimers race on snapshots that disagree about which command is the head of a key's queue.
CREATE UNIQUE INDEX outbox_command_one_in_flight ON outbox_command (tenant_id, ordering_key)
    WHERE status = 'PROCESSING';

-- The projector confirms commands by transaction id.
CREATE INDEX outbox_command_tx ON outbox_command (tenant_id, fabric_tx_id)
    WHERE fabric_tx_id IS NOT NULL;
