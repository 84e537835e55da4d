-- A submitter stores an envelope's signed transaction (about 2.4 MB for 1,000 transfers) and its
-- endorsement result, with a synchronous commit, between endorsing and submitting it: on the path
-- every envelope of a busy wallet waits for. The default TOAST compression, pglz, spent ~37 ms of
-- PostgreSQL CPU on one such transaction; lz4 spends ~4 ms for about the same size (2.4 MB -> 215 KB
-- with pglz, 245 KB with lz4; PostgreSQL 15, an envelope of the random benchmark).
--
-- SET COMPRESSION changes how new values are stored; values already stored stay as they are and
-- stay readable, so nothing is rewritten. It needs PostgreSQL 14 and a server built with lz4 (the
-- PGDG and distribution packages are); elsewhere the columns keep pglz and the migration says so.
DO $$
BEGIN
    IF current_setting('server_version_num')::int < 140000 THEN
        RAISE NOTICE 'PostgreSQL before 14: stored transactions keep the default compression (pglz)';
        RETURN;
    END IF;
    -- EXECUTE: PL/pgSQL parses its statements before running them, and before 14 this is a syntax error.
    EXECUTE 'ALTER TABLE outbox_envelope ALTER COLUMN tx_bytes SET COMPRESSION lz4, ALTER COLUMN result SET COMPRESSION lz4';
    EXECUTE 'ALTER TABLE outbox_command ALTER COLUMN tx_bytes SET COMPRESSION lz4';
EXCEPTION WHEN feature_not_supported THEN
    RAISE NOTICE 'this PostgreSQL has no lz4: stored transactions keep the default compression (pglz)';
END
$$;
