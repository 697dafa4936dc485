-- The writes that answer with their row, as one statement: INSERT/UPDATE ... RETURNING.

-- name: insert-user^
-- A new account; a taken email or username is refused by users_email_key / users_username_key.
INSERT INTO users (id, email, username, password_hash, first_name, last_name, avatar)
VALUES (:id, :email, :username, :password_hash, :first_name, :last_name, :avatar)
RETURNING id, email, username, first_name, last_name, avatar, is_active, is_verified,
          last_login_at, created_at, updated_at;

-- name: update-user^
-- A partial update: a column changes only when its :set_<column> flag is true, so null clears
-- it and an absent field keeps it.
UPDATE users
   SET email = CASE WHEN :set_email THEN :email ELSE email END,
       username = CASE WHEN :set_username THEN :username ELSE username END,
       first_name = CASE WHEN :set_first_name THEN :first_name ELSE first_name END,
       last_name = CASE WHEN :set_last_name THEN :last_name ELSE last_name END,
       avatar = CASE WHEN :set_avatar THEN :avatar ELSE avatar END
 WHERE id = :id
RETURNING id, email, username, first_name, last_name, avatar, is_active, is_verified,
          last_login_at, created_at, updated_at;

-- name: set-user-active^
-- Deactivate or reactivate an account; a deactivated account's credentials stop working.
UPDATE users
   SET is_active = :is_active
 WHERE id = :id
RETURNING id, email, username, first_name, last_name, avatar, is_active, is_verified,
          last_login_at, created_at, updated_at;

-- name: set-user-verified^
-- Mark an account's email verified (or not).
UPDATE users
   SET is_verified = :is_verified
 WHERE id = :id
RETURNING id, email, username, first_name, last_name, avatar, is_active, is_verified,
          last_login_at, created_at, updated_at;
