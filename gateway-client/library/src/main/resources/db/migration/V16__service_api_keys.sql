-- API keys of the HTTP service (module gateway-client/service): each names the tenant its requests act
-- for, so a tenant comes from the credential, never from a request body. Only the SHA-256 of a key is
-- stored: a key is 32 random bytes, so a fast hash is as strong as a slow one (no dictionary to try)
-- and is checked on every request without a deliberate work factor. The unique index on the hash is
-- the lookup; a revoked key stays as a record of who had access.
CREATE TABLE service_api_key (
    id         BIGSERIAL   PRIMARY KEY,
    tenant_id  TEXT        COLLATE "C" NOT NULL,
    key_hash   BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    revoked_at TIMESTAMPTZ,
    CONSTRAINT service_api_key_hash UNIQUE (key_hash),
    CONSTRAINT service_api_key_tenant_id CHECK (tenant_id ~ '^[A-Za-z0-9._-]{1,55}$')
);
