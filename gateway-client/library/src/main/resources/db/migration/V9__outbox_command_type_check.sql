-- Only the outbox's command types may be queued. Before this, a row written by plain SQL with an
-- unknown command_type (say 'BOGUS') was stored, and the submitter met it inside its claim.
-- The list is CommandType's; a new type needs a new migration that widens it.
--
-- A row on its way to FAILED (PROCESSING) or already FAILED may still carry an unknown type: a
-- database that stored such rows before this migration keeps them, and the submitter must still be
-- able to claim them and fail them with INVALID_COMMAND (a claim that could not take them would
-- be refused as a whole, and with it every valid row next to them). Every path that writes a new
-- row writes it PENDING, so new rows are checked for what matters.
--
-- NOT VALID: existing rows are not checked, so a database that already holds a bad PENDING row
-- still migrates (and its submitter fails that row); new and updated rows are checked. Once no
-- PENDING row has a bad type, VALIDATE CONSTRAINT outbox_command_type succeeds, which a
-- migration may do later.
ALTER TABLE outbox_command
    ADD CONSTRAINT outbox_command_type CHECK (
        command_type IN ('TRANSFER', 'BATCH_TRANSFER', 'MINT', 'BURN', 'CREATE_WALLET', 'FREEZE_WALLET', 'UNFREEZE_WALLET')
        OR status IN ('PROCESSING', 'FAILED')) NOT VALID;
