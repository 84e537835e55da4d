-- The outbox's hot paths check their own references; the foreign keys checked them again, row by row.
--
-- A claim inserts one outbox_wallet_lock row per wallet it holds (2,000 for a 1,000-transfer claim),
-- and the foreign key to outbox_holding ran a trigger per row (an SPI query locking the holding row
-- it had just inserted); joining an envelope ran one per command as well. Measured on PostgreSQL 15:
-- 2,000 lock rows 19 ms with the key, 10 ms without it and without ON CONFLICT. What the keys
-- guaranteed now rests on the only statements that write these rows (CommandClaims,
-- CommandTransitions): a holding is created with its first locks in one statement; locks are added
-- to an existing holding only after the claim has locked that holding's row FOR KEY SHARE and seen it
-- live (the same lock the key's check took, so a release or sweep deleting it waits or is waited
-- for); and a holding is deleted together with its locks, in one statement. An envelope row is never
-- deleted.
ALTER TABLE outbox_wallet_lock DROP CONSTRAINT outbox_wallet_lock_holding_id_fkey;
ALTER TABLE outbox_command DROP CONSTRAINT outbox_command_envelope_id_fkey;
