-- name: record-login^
-- A NAS login: creates the user on first sight, else refreshes last_login_at, and the display
-- name when one is given. One statement, so two logins at once cannot both insert; returns
-- the user as it now is.
INSERT INTO users (username, display_name, last_login_at)
VALUES (:username, :display_name, CURRENT_TIMESTAMP(6))
    ON CONFLICT (username) DO UPDATE
   SET last_login_at = EXCLUDED.last_login_at,
       display_name = COALESCE(EXCLUDED.display_name, users.display_name)
RETURNING id, username, display_name, created_at, last_login_at;
