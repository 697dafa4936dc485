-- name: append-messages!
-- Appends :messages (a JSON array) in one statement: the row lock serialises concurrent
-- appends, so none is lost. A NULL array (rows written outside the service) counts as empty.
UPDATE ai_chats
   SET messages = JSON_MERGE_PRESERVE(COALESCE(messages, JSON_ARRAY()), :messages),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: get-chat-stats^
-- How many messages a chat holds now, and when it last changed (read back after an append).
SELECT id, updated_at, JSON_LENGTH(COALESCE(messages, JSON_ARRAY())) AS message_count
  FROM ai_chats
 WHERE id = :id;
