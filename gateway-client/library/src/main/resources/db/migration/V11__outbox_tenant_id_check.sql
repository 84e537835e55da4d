-- Tenant ids follow TenantIds' rule, 1-55 of [A-Za-z0-9._-], for rows written with plain SQL too.
-- The tenant id prefixes the idempotency key the chaincode sees ('<tenant>:<key>'), so a ':' in it
-- made two tenants' commands one ledger operation: tenant 't1' key 'x:k2' and tenant 't1:x' key 'k2'.
--
-- NOT VALID: existing rows are not checked, so a database that already holds a tenant outside the
-- rule still migrates (a failed migration would stop every process of every tenant) and its rows
-- stay readable. PostgreSQL checks the constraint on every later INSERT and UPDATE, so such a row can
-- no longer change status: drain those commands before migrating (gateway-client README, "Tenants").
-- Once none is left, ALTER TABLE outbox_command VALIDATE CONSTRAINT outbox_command_tenant_id proves it.
ALTER TABLE outbox_command
    ADD CONSTRAINT outbox_command_tenant_id CHECK (tenant_id ~ '^[A-Za-z0-9._-]{1,55}$') NOT VALID;
