-- Accounts (seed 002, users). password_hash holds an argon2id hash, never a password.

-- name: insert-user^
-- then: get-user
-- A new account; a taken email or username is refused by users_email_key / users_username_key.
INSERT INTO users (id, email, username, password_hash, first_name, last_name, avatar)
VALUES (:id, :email, :username, :password_hash, :first_name, :last_name, :avatar);

-- name: get-user^
-- One account as the API shows it (no password hash).
SELECT id, email, username, first_name, last_name, avatar, is_active, is_verified,
       last_login_at, created_at, updated_at
  FROM users
 WHERE id = :id;

-- name: get-login^
-- The account a login names, by email or username, with what the login checks.
SELECT id, password_hash, is_active
  FROM users
 WHERE email = :login OR username = :login;

-- name: get-password-hash$
-- The stored hash of one account (password change checks the current password).
SELECT password_hash
  FROM users
 WHERE id = :id;

-- name: record-login!
-- A successful login: when, and the hash again when its parameters were raised since. The new
-- hash replaces only the one the login verified (:verified_hash): a password changed meanwhile
-- is kept, not overwritten by a rehash of the old one.
UPDATE users
   SET last_login_at = :now,
       password_hash = COALESCE(
           CASE WHEN password_hash = :verified_hash THEN :password_hash END, password_hash)
 WHERE id = :id;

-- name: update-password-hash!
-- A new password's hash.
UPDATE users
   SET password_hash = :password_hash
 WHERE id = :id;

-- name: update-user^
-- then: get-user
-- A partial update: a column changes only when its :set_<column> flag is true, so null clears
-- it and an absent field keeps it.
UPDATE users
   SET email = CASE WHEN :set_email THEN :email ELSE email END,
       username = CASE WHEN :set_username THEN :username ELSE username END,
       first_name = CASE WHEN :set_first_name THEN :first_name ELSE first_name END,
       last_name = CASE WHEN :set_last_name THEN :last_name ELSE last_name END,
       avatar = CASE WHEN :set_avatar THEN :avatar ELSE avatar END
 WHERE id = :id;

-- name: list-users
-- Every account (admin), newest first, one keyset page after (:before_created_at, :before_id).
SELECT id, email, username, first_name, last_name, avatar, is_active, is_verified,
       last_login_at, created_at, updated_at
  FROM users
 WHERE created_at < :before_created_at
    OR (created_at = :before_created_at AND id < :before_id)
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: set-user-active^
-- then: get-user
-- Deactivate or reactivate an account; a deactivated account's credentials stop working.
UPDATE users
   SET is_active = :is_active
 WHERE id = :id;

-- name: set-user-verified^
-- then: get-user
-- Mark an account's email verified (or not).
UPDATE users
   SET is_verified = :is_verified
 WHERE id = :id;

-- name: lock-user$
-- An account, row-locked until the transaction ends (If-Match on PATCH /users/me).
SELECT id
  FROM users
 WHERE id = :id
   FOR UPDATE;
