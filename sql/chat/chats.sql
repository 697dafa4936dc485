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

-- name: insert-chat!
-- A new chat; every column the caller did not give keeps the schema's default, which
-- update-chat then overrides with what the caller did give.
INSERT INTO ai_chats (id, user_id)
VALUES (:id, :user_id);

-- name: update-chat!
-- Title, model and prompt name; NULL keeps the current value. Moves updated_at.
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

-- name: lock-chat-messages^
-- The messages of a chat, row-locked until the transaction ends (compaction reads, then writes).
SELECT messages
  FROM ai_chats
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   FOR UPDATE;

-- name: replace-messages!
-- The whole message array at once (after compaction under lock-chat-messages).
UPDATE ai_chats
   SET messages = :messages,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;
