-- MySQL forms of sql/_service/idempotency.sql.

-- name: claim-idempotency-key!
-- Take the key for this request; a duplicate-key error (1062) means a row already has it, which
-- on MySQL undoes only this statement, not the transaction (INSERT IGNORE would also turn other
-- errors into warnings). A concurrent request with the same key waits here (bounded by the lock
-- wait) until the first commits or rolls back.
INSERT INTO _datasvc_idempotency (principal, idempotency_key, request_hash)
VALUES (:principal, :idempotency_key, :request_hash);
