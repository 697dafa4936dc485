-- The writes that answer with their row, as one statement: INSERT/UPDATE ... RETURNING.

-- name: insert-conversation^
-- A new conversation.
INSERT INTO llm_conversations (id, user_id, title, model, system_prompt)
VALUES (:id, :user_id, :title, :model, :system_prompt)
RETURNING id, user_id, title, model, system_prompt, created_at, updated_at;

-- name: update-conversation^
-- A partial update (rename, model, prompt): a column changes only when its :set_<column>
-- flag is true. Always moves updated_at.
UPDATE llm_conversations
   SET title = CASE WHEN :set_title THEN :title ELSE title END,
       model = CASE WHEN :set_model THEN :model ELSE model END,
       system_prompt = CASE WHEN :set_system_prompt THEN :system_prompt ELSE system_prompt END,
       updated_at = CURRENT_TIMESTAMP
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
RETURNING id, user_id, title, model, system_prompt, created_at, updated_at;
