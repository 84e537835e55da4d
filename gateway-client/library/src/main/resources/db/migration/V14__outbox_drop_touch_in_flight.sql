-- The claim asks outbox_wallet_lock (V13) whether a wallet is in flight; nothing reads this index
-- since. Every claim and every outcome moved each command into and out of it: two index writes
-- per command for no reader.
DROP INDEX outbox_command_touch_in_flight;
