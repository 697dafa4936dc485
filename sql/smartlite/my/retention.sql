-- Retention batches on MySQL: DELETE ... ORDER BY ... LIMIT (MySQL refuses LIMIT in an IN
-- subquery and a subquery on the table being deleted from). TiDB accepts it too.

-- name: delete-expired-sessions!
-- At most :limit sessions past their end (their refresh tokens go with them).
DELETE FROM sessions
 WHERE expires_at <= :now
 ORDER BY expires_at
 LIMIT :limit;

-- name: delete-expired-refresh-tokens!
-- At most :limit refresh tokens past their end.
DELETE FROM refresh_tokens
 WHERE expires_at <= :now
 LIMIT :limit;
