-- KEY is reserved in MySQL: quoted in the column list.

-- name: insert-api-key^
-- then: get-api-key
-- A new key (its hash).
INSERT INTO api_keys (id, user_id, name, `key`, scope, expires_at)
VALUES (:id, :user_id, :name, :key, :scope, :expires_at);
