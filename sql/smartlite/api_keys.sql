-- API keys (seed 002, api_keys). key holds the SHA-256 (hex) of the key, never the key; a
-- revoked key's row is deleted. The column is always written qualified (api_keys.key): KEY is
-- reserved in MySQL, and after a qualifier it needs no quotes there.

-- name: get-api-key-by-hash^
-- The key an X-API-Key names, with its account's state (every request that carries one).
SELECT k.id, k.user_id, k.scope, k.expires_at, k.last_used_at, u.is_active
  FROM api_keys k
  JOIN users u ON u.id = k.user_id
 WHERE k.key = :key;

-- name: touch-api-key!
-- Record a use, at most once per interval: a no-op when a recent use is already recorded.
UPDATE api_keys
   SET last_used_at = :now
 WHERE id = :id
   AND (last_used_at IS NULL OR last_used_at <= :stale);

-- name: get-api-key^
-- One key's public fields.
SELECT id, user_id, name, scope, last_used_at, expires_at, created_at, updated_at
  FROM api_keys
 WHERE id = :id;

-- name: list-api-keys
-- A user's keys without their secret, newest first, one keyset page.
SELECT id, user_id, name, scope, last_used_at, expires_at, created_at, updated_at
  FROM api_keys
 WHERE user_id = :user_id
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: delete-api-key!
-- Revoke a key of a user (NULL :owner: an admin, anyone's).
DELETE FROM api_keys
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);
