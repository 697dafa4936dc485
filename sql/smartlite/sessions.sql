-- Sessions and refresh tokens (seed 002, sessions and refresh_tokens). token columns hold the
-- SHA-256 (hex) of a token, never the token. A session lives until expires_at; each refresh
-- consumes its refresh token (used_at), issues the next and moves expires_at on.

-- name: insert-session!
-- A new session (login).
INSERT INTO sessions (id, user_id, token, ip_address, user_agent, expires_at)
VALUES (:id, :user_id, :token, :ip_address, :user_agent, :expires_at);

-- name: get-session-by-token^
-- The live session an access token belongs to, with its account's state (every request).
SELECT s.id, s.user_id, u.is_active
  FROM sessions s
  JOIN users u ON u.id = s.user_id
 WHERE s.token = :token
   AND s.expires_at > :now;

-- name: renew-session!
-- A refresh: the session's new access token and horizon.
UPDATE sessions
   SET token = :token,
       expires_at = :expires_at
 WHERE id = :id
   AND expires_at > :now;

-- name: list-sessions
-- A user's live sessions, newest first, one keyset page.
SELECT id, ip_address, user_agent, expires_at, created_at
  FROM sessions
 WHERE user_id = :user_id
   AND expires_at > :now
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: delete-session!
-- End one session of a user (its refresh tokens go with it: ON DELETE CASCADE).
DELETE FROM sessions
 WHERE id = :id
   AND user_id = :user_id;

-- name: delete-other-sessions!
-- End every session of a user but :keep (a password change; '' keeps none).
DELETE FROM sessions
 WHERE user_id = :user_id
   AND id <> :keep;

-- name: delete-loose-refresh-tokens!
-- A user's refresh tokens that belong to no session (with delete-other-sessions: every one).
DELETE FROM refresh_tokens
 WHERE user_id = :user_id
   AND session_id IS NULL;

-- name: insert-refresh-token!
-- The refresh token of a session.
INSERT INTO refresh_tokens (id, user_id, token, expires_at, session_id)
VALUES (:id, :user_id, :token, :expires_at, :session_id);

-- name: consume-refresh-token!
-- Rotation: marks a live, unused refresh token used. 1 row: this caller may issue the next
-- pair; 0: unknown, expired or already used (then get-refresh-token tells which).
UPDATE refresh_tokens
   SET used_at = :now
 WHERE token = :token
   AND used_at IS NULL
   AND expires_at > :now;

-- name: get-refresh-token^
-- A refresh token by its hash, with its session and account state.
SELECT r.id, r.user_id, r.session_id, r.used_at, r.expires_at, u.is_active
  FROM refresh_tokens r
  JOIN users u ON u.id = r.user_id
 WHERE r.token = :token;

-- name: count-expired-sessions$
-- Sessions past their end (retention --dry-run).
SELECT COUNT(*)
  FROM sessions
 WHERE expires_at <= :now;

-- name: count-expired-refresh-tokens$
-- Refresh tokens past their end, used or not (retention --dry-run).
SELECT COUNT(*)
  FROM refresh_tokens
 WHERE expires_at <= :now;
