-- Retention batches on PostgreSQL, which has no DELETE ... LIMIT: the batch is chosen by a
-- subquery on the expiry index.

-- name: delete-expired-sessions!
-- At most :limit sessions past their end (their refresh tokens go with them).
DELETE FROM sessions
 WHERE id IN (SELECT id FROM sessions WHERE expires_at <= :now ORDER BY expires_at LIMIT :limit);

-- name: delete-expired-refresh-tokens!
-- At most :limit refresh tokens past their end.
DELETE FROM refresh_tokens
 WHERE id IN (SELECT id FROM refresh_tokens WHERE expires_at <= :now LIMIT :limit);
