-- name: insert-user^
-- A new profile; a taken id or username is refused by users_pkey / users_username_key.
INSERT INTO users (id, username, avatar_url, settings)
VALUES (:id, :username, :avatar_url, :settings)
RETURNING id, username, avatar_url, settings, created_at, updated_at;

-- name: update-user^
-- A partial update: a column changes only when its :set_<column> flag is true, so null clears
-- it and an absent field keeps it. Always moves updated_at.
UPDATE users
   SET username = CASE WHEN :set_username THEN :username ELSE username END,
       avatar_url = CASE WHEN :set_avatar_url THEN :avatar_url ELSE avatar_url END,
       settings = CASE WHEN :set_settings THEN :settings ELSE settings END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
RETURNING id, username, avatar_url, settings, created_at, updated_at;
