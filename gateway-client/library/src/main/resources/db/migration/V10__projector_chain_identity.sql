-- The chain the read model follows: the channel's genesis block hash and the hash of the last
-- applied block (Fabric's header hash). The projector refuses a ledger whose block 0 or whose next
-- block's previous_hash differs (a re-created channel, a fresh devnet), instead of waiting for
-- blocks that will never come. Null in checkpoints written before this version: the projector
-- adopts the chain it reads next (genesis at start, last hash with the next applied batch).
ALTER TABLE projector_checkpoint
    ADD COLUMN genesis_hash    BYTEA,
    ADD COLUMN last_block_hash BYTEA;
