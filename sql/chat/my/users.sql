-- name: record-login^
-- then: get-user-by-username
-- A NAS login: creates the user on first sight, else refreshes last_login_at, and the display
-- name when one is given. One statement, so two logins at once cannot both insert.
INSERT INTO users (username, display_name, last_login_at)
VALUES (:username, :display_name, CURRENT_TIMESTAMP(6))
    ON DUPLICATE KEY UPDATE
       last_login_at = VALUES(last_login_at),
       display_name = COALESCE(VALUES(display_name), display_name);
