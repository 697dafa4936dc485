-- name: insert-chat^
-- A new chat of :owner, returned whole (one statement). A field the caller left out (NULL)
-- takes the schema's default, written here again because a bind parameter cannot say DEFAULT.
INSERT INTO ai_chats (id, user_id, title, model, prompt_name)
VALUES (:id, :owner, COALESCE(:title, '新對話'), COALESCE(:model, 'claude-sonnet'),
        COALESCE(:prompt_name, 'default'))
RETURNING id, user_id, title, model, prompt_name, messages, created_at, updated_at;

-- name: update-chat^
-- Title, model and prompt name; NULL keeps the current value. Moves updated_at. Returns the
-- chat, or nothing when :owner has no chat :id.
UPDATE ai_chats
   SET title = COALESCE(:title, title),
       model = COALESCE(:model, model),
       prompt_name = COALESCE(:prompt_name, prompt_name),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
RETURNING id, user_id, title, model, prompt_name, messages, created_at, updated_at;

-- name: append-messages^
-- Appends :messages (a JSON array) in one statement: the row lock serialises concurrent
-- appends, so none is lost. A NULL array (rows written outside the service) counts as empty.
-- Returns the chat's stats after the append, or nothing when :owner has no chat :id.
UPDATE ai_chats
   SET messages = COALESCE(messages, '[]'::jsonb) || :messages,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
RETURNING id, updated_at, jsonb_array_length(messages) AS message_count;

-- name: compact-messages^
-- Replaces the first :count messages by :summary in one statement (the row lock orders it
-- against appends), only if the chat holds at least :count; nothing is returned otherwise.
UPDATE ai_chats
   SET messages = jsonb_build_array(:summary::jsonb)
                  || COALESCE((SELECT jsonb_agg(m.value ORDER BY m.n)
                                 FROM jsonb_array_elements(ai_chats.messages)
                                      WITH ORDINALITY AS m (value, n)
                                WHERE m.n > :count), '[]'::jsonb),
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   AND jsonb_array_length(COALESCE(messages, '[]'::jsonb)) >= :count
RETURNING id, updated_at, jsonb_array_length(messages) AS message_count;

-- name: get-chat-stats^
-- How many messages a chat holds now, and when it last changed.
SELECT id, updated_at, jsonb_array_length(COALESCE(messages, '[]'::jsonb)) AS message_count
  FROM ai_chats
 WHERE id = :id;
