-- Queries of the Idempotency-Key bookkeeping (service/idempotency.py), run inside the request's
-- own transaction on the app's database (_datasvc_idempotency, migration datasvc-0002).

-- name: claim-idempotency-key!
-- Take the key for this request: 1 when it was free, 0 when a row already has it. A concurrent
-- request with the same key waits here (bounded by the lock wait) until the first commits or
-- rolls back.
INSERT INTO _datasvc_idempotency (principal, idempotency_key, request_hash)
VALUES (:principal, :idempotency_key, :request_hash)
ON CONFLICT (principal, idempotency_key) DO NOTHING;

-- name: get-idempotency-key^
-- The stored first answer to a key, with the hash of the request that got it.
SELECT request_hash, status, response, created_at
  FROM _datasvc_idempotency
 WHERE principal = :principal
   AND idempotency_key = :idempotency_key;

-- name: save-idempotent-answer!
-- The answer of the request that claimed the key, committed with its writes.
UPDATE _datasvc_idempotency
   SET status = :status, response = :response
 WHERE principal = :principal
   AND idempotency_key = :idempotency_key;

-- name: forget-idempotency-key!
-- An answer that cannot be stored (a streamed body): the request goes through without its key.
DELETE FROM _datasvc_idempotency
 WHERE principal = :principal
   AND idempotency_key = :idempotency_key;

-- name: forget-expired-idempotency-key!
-- A key older than the retention is free again, even before the purge got to it.
DELETE FROM _datasvc_idempotency
 WHERE principal = :principal
   AND idempotency_key = :idempotency_key
   AND created_at < :before;

-- name: purge-idempotency-keys!
-- Keys past the retention (IDEMPOTENCY_TTL), at most once a minute per process, outside any
-- request's transaction.
DELETE FROM _datasvc_idempotency WHERE created_at < :before;
