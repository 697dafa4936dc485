-- PostgreSQL takes no qualified names in an INSERT's column list.

-- name: insert-api-key^
-- A new key (its hash).
INSERT INTO api_keys (id, user_id, name, key, scope, expires_at)
VALUES (:id, :user_id, :name, :key, :scope, :expires_at)
RETURNING id, user_id, name, scope, last_used_at, expires_at, created_at, updated_at;
