-- Wakes idle submitters when commands are enqueued (EnqueueListener): a lone command is claimed at
-- once instead of at the next poll, and a quiet outbox can be polled rarely. Whatever inserts the
-- rows (Outbox.enqueue, plain SQL of another program), one notification per tenant per statement,
-- sent at commit and folded with its repeats within a transaction; the payload names the schema
-- too, so deployments sharing a database hear only their own.
CREATE FUNCTION outbox_command_enqueued() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    tenant text;
BEGIN
    FOR tenant IN SELECT DISTINCT tenant_id FROM enqueued LOOP
        PERFORM pg_notify('tokenomics_outbox', TG_TABLE_SCHEMA || ':' || tenant);
    END LOOP;
    RETURN NULL;
END
$$;

CREATE TRIGGER outbox_command_enqueued AFTER INSERT ON outbox_command
    REFERENCING NEW TABLE AS enqueued
    FOR EACH STATEMENT EXECUTE FUNCTION outbox_command_enqueued();
