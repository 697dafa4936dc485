-- The service's bookkeeping in each app database: the first answer to each Idempotency-Key.
-- depends: datasvc-0001.migration-checksums

-- One row per caller and key, written in the same transaction as the request's own writes, so a
-- crash keeps both or neither; a retry with the key gets `response` back instead of a second
-- write (service/idempotency.py). Rows older than IDEMPOTENCY_TTL are purged by created_at.
CREATE TABLE _datasvc_idempotency (
    principal VARCHAR(128) NOT NULL,
    idempotency_key VARCHAR(200) NOT NULL,
    request_hash CHAR(64) NOT NULL,
    status SMALLINT,
    response TEXT,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (principal, idempotency_key)
);

CREATE INDEX _datasvc_idempotency_created_at ON _datasvc_idempotency (created_at);
