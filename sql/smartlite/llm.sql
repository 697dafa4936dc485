-- LLM conversations and their messages (seed 002, llm_conversations, llm_messages). Message
-- ids are time-ordered, so id order is the order they were appended. An :owner of NULL means
-- an admin acting for anyone.

-- name: insert-conversation^
-- then: read-conversation
-- A new conversation.
INSERT INTO llm_conversations (id, user_id, title, model, system_prompt)
VALUES (:id, :user_id, :title, :model, :system_prompt);

-- name: get-conversation^
-- One conversation.
SELECT id, user_id, title, model, system_prompt, created_at, updated_at
  FROM llm_conversations
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: list-conversations
-- A user's conversations, most recently updated first, one keyset page; reads
-- idx_llm_conversations_user_id_updated_at.
SELECT id, user_id, title, model, system_prompt, created_at, updated_at
  FROM llm_conversations
 WHERE user_id = :user_id
   AND (updated_at < :before_updated_at
        OR (updated_at = :before_updated_at AND id < :before_id))
 ORDER BY updated_at DESC, id DESC
 LIMIT :limit;

-- name: update-conversation^
-- then: get-conversation
-- A partial update (rename, model, prompt): a column changes only when its :set_<column>
-- flag is true. Always moves updated_at.
UPDATE llm_conversations
   SET title = CASE WHEN :set_title THEN :title ELSE title END,
       model = CASE WHEN :set_model THEN :model ELSE model END,
       system_prompt = CASE WHEN :set_system_prompt THEN :system_prompt ELSE system_prompt END,
       updated_at = CURRENT_TIMESTAMP
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: touch-conversation!
-- Moves updated_at and row-locks the conversation until the transaction ends: appends and the
-- delete of one conversation queue here. 0 rows: no such conversation (of this owner).
UPDATE llm_conversations
   SET updated_at = CURRENT_TIMESTAMP
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: get-conversation-owner$
-- Whose conversation this is (after touch-conversation, inside the same transaction).
SELECT user_id
  FROM llm_conversations
 WHERE id = :id;

-- name: delete-conversation-messages!
-- Every message of a conversation (its delete, under touch-conversation's lock).
DELETE FROM llm_messages
 WHERE conversation_id = :conversation_id;

-- name: delete-conversation!
-- The conversation itself, after its messages.
DELETE FROM llm_conversations
 WHERE id = :id;

-- name: insert-message!
-- One appended message.
INSERT INTO llm_messages (id, conversation_id, role, content, tokens, metadata)
VALUES (:id, :conversation_id, :role, :content, :tokens, :metadata);

-- name: list-messages
-- A conversation's messages in order, the page after :after_id; reads
-- idx_llm_messages_conversation_id_id.
SELECT id, conversation_id, role, content, tokens, metadata, created_at
  FROM llm_messages
 WHERE conversation_id = :conversation_id
   AND id > :after_id
 ORDER BY id
 LIMIT :limit;

-- name: list-messages-from
-- A conversation's messages in order from :from_id on (what an append just wrote).
SELECT id, conversation_id, role, content, tokens, metadata, created_at
  FROM llm_messages
 WHERE conversation_id = :conversation_id
   AND id >= :from_id
 ORDER BY id
 LIMIT :limit;

-- name: lock-conversation$
-- A conversation, row-locked until the transaction ends (If-Match on its PATCH / DELETE).
SELECT id
  FROM llm_conversations
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   FOR UPDATE;

-- name: read-conversation^
-- One row by id alone: the read-back of a write on an engine without RETURNING.
SELECT id, user_id, title, model, system_prompt, created_at, updated_at
  FROM llm_conversations
 WHERE id = :id;
