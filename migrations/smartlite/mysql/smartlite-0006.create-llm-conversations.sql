-- Create llm_conversations: LLM conversation threads (seed 002, `llm_conversations`), rendered for MySQL 8.0.
-- depends: smartlite-0005.create-tts-requests

-- The foreign key has no ON DELETE action (none listed): deleting a user who has
-- conversations is refused. MySQL adds its own index for the key, llm_conversations_user_id_fkey.
CREATE TABLE llm_conversations (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    title VARCHAR(255),
    model VARCHAR(50),                        -- gpt-3.5-turbo, ...
    system_prompt TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT llm_conversations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
