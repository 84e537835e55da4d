-- An ApplyCommands transaction carries many commands, each with its own outcome, and the read model
-- holds one wallet_transaction row per command: the row of a transaction is now identified by its
-- transaction id AND the command's position in it. Every other transaction is a transaction of one
-- command, at position 0, so the rows written before this version are already right.
--
-- Cost on a big table: the column with a constant default is catalog-only (PostgreSQL 11+: no
-- rewrite, existing rows read the default). The unique index must be built anew, since an index
-- cannot gain a column in place: one scan and sort of the table, under a SHARE lock that blocks the
-- projector's inserts (the table's only writer) but no reader; the old index serves readers until
-- the swap at the end, which is catalog-only. Not CONCURRENTLY: Flyway would then have to run the
-- whole migration outside a transaction, and a failure half-way would leave the table with both or
-- neither constraint. The table keeps three indexes, so the projector's insert costs the same.
ALTER TABLE wallet_transaction ADD COLUMN command_position INTEGER NOT NULL DEFAULT 0;

CREATE UNIQUE INDEX wallet_transaction_command_once ON wallet_transaction (tenant_id, on_chain_tx_id, command_position);

-- The constraint keeps its name (and adopts the new index under it), so errors keep saying what they said.
ALTER TABLE wallet_transaction
    DROP CONSTRAINT wallet_transaction_once,
    ADD CONSTRAINT wallet_transaction_once UNIQUE USING INDEX wallet_transaction_command_once;
