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
    response LONGTEXT,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    PRIMARY KEY (principal, idempotency_key),
    KEY _datasvc_idempotency_created_at (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
