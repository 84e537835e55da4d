-- The read model's text keys are identifiers: compared for equality, ordered only inside B-trees
-- (and in listings, where byte order equals the usual order for ASCII ids). Under the database's
-- default collation every index comparison went through the locale's strcoll; the projector's
-- batch spends most of its PostgreSQL time in B-tree probes and insertions on these keys (text
-- comparison was ~12% of a replaying backend's CPU in perf). Byte order costs a memcmp (wallet
-- write of 950 rows: 8-9 -> 7-8 ms CPU, back to back). A parameter's or another column's default
-- collation yields to the column's "C", so queries need no change. No table rewrite (same type);
-- the indexes on these columns are rebuilt. The outbox's keys got the same in V6.
ALTER TABLE wallet
    ALTER COLUMN tenant_id TYPE TEXT COLLATE "C",
    ALTER COLUMN wallet_id TYPE TEXT COLLATE "C",
    ALTER COLUMN owner_id TYPE TEXT COLLATE "C";
ALTER TABLE owner_profile
    ALTER COLUMN tenant_id TYPE TEXT COLLATE "C",
    ALTER COLUMN owner_id TYPE TEXT COLLATE "C";
ALTER TABLE wallet_transaction
    ALTER COLUMN tenant_id TYPE TEXT COLLATE "C",
    ALTER COLUMN on_chain_tx_id TYPE TEXT COLLATE "C";
ALTER TABLE projector_checkpoint
    ALTER COLUMN tenant_id TYPE TEXT COLLATE "C",
    ALTER COLUMN channel TYPE TEXT COLLATE "C";
