-- The projector rewrites every wallet a batch touched (~1,000 rows per 500 transfers). With free
-- space left on each page those updates are HOT: no new index entries, and dead versions are pruned
-- in place without waiting for vacuum. At the default fillfactor of 100 almost none were (measured:
-- 109 HOT of 28,500 updates over 10k wallets), so the table and its key index grew with every block
-- and each later lookup waded through dead entries. Takes effect for pages written from now on;
-- `VACUUM FULL wallet` repacks an existing table this way.
ALTER TABLE wallet SET (fillfactor = 50);
