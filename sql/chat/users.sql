-- Users of ChingTech OS, signed in through the NAS (seed 004, users).

-- name: get-user^
-- One user by id.
SELECT id, username, display_name, created_at, last_login_at
  FROM users
 WHERE id = :id;

-- name: get-user-by-username^
-- One user by NAS account name (the read-back after a login where the engine cannot RETURN).
SELECT id, username, display_name, created_at, last_login_at
  FROM users
 WHERE username = :username;
