-- Read model projected from committed blocks. Written only by the projector.
CREATE TABLE wallet (
    tenant_id     TEXT        NOT NULL,
    wallet_id     TEXT        NOT NULL,
    owner_id      TEXT        NOT NULL,
    balance       BIGINT      NOT NULL CHECK (balance >= 0),
    status        TEXT        NOT NULL CHECK (status IN ('ACTIVE', 'FROZEN')),
    freeze_reason TEXT,
    version       BIGINT      NOT NULL,
    last_tx_id    TEXT        NOT NULL,
    last_block    BIGINT      NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, wallet_id)
);

-- Per-owner aggregate; a freeze changes wallet and profile in the same DB transaction.
CREATE TABLE owner_profile (
    tenant_id           TEXT        NOT NULL,
    owner_id            TEXT        NOT NULL,
    wallet_count        INTEGER     NOT NULL,
    frozen_wallet_count INTEGER     NOT NULL,
    total_balance       BIGINT      NOT NULL,
    updated_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, owner_id)
);

-- One row per VALID transaction that carried a chaincode event (OperationReplayed included,
-- with applied = false): the unique key makes a double projection impossible, not just unlikely.
CREATE TABLE wallet_transaction (
    id              BIGSERIAL   PRIMARY KEY,
    tenant_id       TEXT        NOT NULL,
    on_chain_tx_id  TEXT        NOT NULL,
    block_number    BIGINT      NOT NULL,
    tx_index        INTEGER     NOT NULL,
    event_type      TEXT        NOT NULL,
    tx_type         TEXT,
    idempotency_key TEXT,
    from_wallet_id  TEXT,
    to_wallet_id    TEXT,
    amount          BIGINT,
    movements       JSONB       NOT NULL,
    total_supply    BIGINT,
    remark          TEXT,
    reason          TEXT,
    original_tx_id  TEXT,
    applied         BOOLEAN     NOT NULL,
    tx_timestamp    TIMESTAMPTZ,
    projected_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT wallet_transaction_once UNIQUE (tenant_id, on_chain_tx_id)
);
CREATE INDEX wallet_transaction_block ON wallet_transaction (tenant_id, block_number, tx_index);

-- Where the projector resumes: the next block to apply. Advanced in the block's own DB transaction,
-- conditioned on the value the projector read, so it never goes back and never skips.
CREATE TABLE projector_checkpoint (
    tenant_id        TEXT        NOT NULL,
    channel          TEXT        NOT NULL,
    next_block       BIGINT      NOT NULL,
    total_supply     BIGINT,
    valid_tx_count   BIGINT      NOT NULL DEFAULT 0,
    invalid_tx_count BIGINT      NOT NULL DEFAULT 0,
    holder           TEXT,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, channel)
);
