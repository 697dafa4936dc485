-- AI conversations (seed 004, ai_chats). An :owner of NULL means an admin acting for anyone.

-- name: list-chats
-- A user's chats, most recently updated first, one keyset page: the rows after the cursor
-- (:before_updated_at, :before_id). Messages stay out of the list; fetch a chat for them.
SELECT id, user_id, title, model, prompt_name, created_at, updated_at
  FROM ai_chats
 WHERE user_id = :user_id
   AND (updated_at < :before_updated_at
        OR (updated_at = :before_updated_at AND id < :before_id))
 ORDER BY updated_at DESC, id DESC
 LIMIT :limit;

-- name: list-all-chats
-- Every user's chats (admin), most recently updated first, one keyset page.
SELECT id, user_id, title, model, prompt_name, created_at, updated_at
  FROM ai_chats
 WHERE updated_at < :before_updated_at
    OR (updated_at = :before_updated_at AND id < :before_id)
 ORDER BY updated_at DESC, id DESC
 LIMIT :limit;

-- name: get-chat^
-- One chat with its messages.
SELECT id, user_id, title, model, prompt_name, messages, created_at, updated_at
  FROM ai_chats
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: insert-chat^
-- then: get-chat
-- A new chat of :owner, returned whole. A field the caller left out (NULL) takes the schema's
-- default, written here again because a bind parameter cannot say DEFAULT.
INSERT INTO ai_chats (id, user_id, title, model, prompt_name)
VALUES (:id, :owner, COALESCE(:title, '新對話'), COALESCE(:model, 'claude-sonnet'),
        COALESCE(:prompt_name, 'default'));

-- name: update-chat^
-- then: get-chat
-- Title, model and prompt name; NULL keeps the current value. Moves updated_at. Returns the
-- chat, or nothing when :owner has no chat :id.
UPDATE ai_chats
   SET title = COALESCE(:title, title),
       model = COALESCE(:model, model),
       prompt_name = COALESCE(:prompt_name, prompt_name),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: delete-chat!
-- Removes a chat and its messages.
DELETE FROM ai_chats
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);
