-- name: append-messages^
-- then: get-chat-stats
-- Appends :messages (a JSON array) in one statement: the row lock serialises concurrent
-- appends, so none is lost. A NULL array (rows written outside the service) counts as empty.
UPDATE ai_chats
   SET messages = JSON_MERGE_PRESERVE(COALESCE(messages, JSON_ARRAY()), :messages),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: compact-messages^
-- then: get-chat-stats
-- Replaces the first :count messages by :summary in one statement (the row lock orders it
-- against appends), only if the chat holds at least :count; nothing matched otherwise. The
-- path range `$[n to last]` is MySQL 8.0.2+, MariaDB 10.9+ and TiDB; past the end it is NULL.
UPDATE ai_chats
   SET messages = JSON_ARRAY_INSERT(
           COALESCE(JSON_EXTRACT(messages, CONCAT('$[', :count, ' to last]')), JSON_ARRAY()),
           '$[0]', JSON_EXTRACT(:summary, '$')),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND JSON_LENGTH(COALESCE(messages, JSON_ARRAY())) >= :count;

-- name: get-chat-stats^
-- How many messages a chat holds now, and when it last changed (the read-back after an append
-- or a compaction).
SELECT id, updated_at, JSON_LENGTH(COALESCE(messages, JSON_ARRAY())) AS message_count
  FROM ai_chats
 WHERE id = :id;
