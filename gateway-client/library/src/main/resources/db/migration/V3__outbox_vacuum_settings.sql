-- Every command is updated three times within seconds (claim, endorsed, outcome). Until vacuum
-- runs, the dead versions stay in the partial indexes the claim scans, and with concurrent workers'
-- snapshots open they cannot be skipped cheaply; vacuum this table early and without throttling.
-- Free space per page lets lease renewals (no indexed column changes) be HOT updates.
ALTER TABLE outbox_command SET (
    autovacuum_vacuum_scale_factor = 0.0,
    autovacuum_vacuum_threshold = 2000,
    autovacuum_vacuum_cost_delay = 0,
    autovacuum_analyze_scale_factor = 0.05,
    fillfactor = 80);
