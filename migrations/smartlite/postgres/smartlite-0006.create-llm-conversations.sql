-- Create llm_conversations: LLM conversation threads (seed 002, `llm_conversations`), translated for PostgreSQL.
-- depends: smartlite-0005.create-tts-requests

-- No ON DELETE action (none listed): deleting a user who has conversations is refused.
-- llm_conversations_user_id_fkey is MySQL's implicit key index.
CREATE TABLE llm_conversations (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    title VARCHAR(255),
    model VARCHAR(50),                        -- gpt-3.5-turbo, ...
    system_prompt TEXT,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT llm_conversations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
);

CREATE INDEX llm_conversations_user_id_fkey ON llm_conversations (user_id);

CREATE TRIGGER llm_conversations_set_updated_at BEFORE UPDATE ON llm_conversations
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
