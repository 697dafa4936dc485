-- User profiles (seed 000, users). Created by an admin; `settings` may hold the user's API keys,
-- so the routes return a profile only to its owner or an admin.

-- name: get-user^
-- One profile by id.
SELECT id, username, avatar_url, settings, created_at, updated_at
  FROM users
 WHERE id = :id;

-- name: get-username-holder$
-- Which user has a username (an import's profile must not take someone else's).
SELECT id
  FROM users
 WHERE username = :username;

-- name: lock-user^
-- One profile, row-locked until the transaction ends (the import reads, then fills it).
SELECT id, username, avatar_url, settings, created_at, updated_at
  FROM users
 WHERE id = :id
   FOR UPDATE;

-- name: insert-user^
-- then: get-user
-- A new profile; a taken id or username is refused by users_pkey / users_username_key.
INSERT INTO users (id, username, avatar_url, settings)
VALUES (:id, :username, :avatar_url, :settings);

-- name: update-user^
-- then: get-user
-- A partial update: a column changes only when its :set_<column> flag is true, so null clears
-- it and an absent field keeps it. Always moves updated_at.
UPDATE users
   SET username = CASE WHEN :set_username THEN :username ELSE username END,
       avatar_url = CASE WHEN :set_avatar_url THEN :avatar_url ELSE avatar_url END,
       settings = CASE WHEN :set_settings THEN :settings ELSE settings END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;
