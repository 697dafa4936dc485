-- Create conversation_logs: seed 003's conversation_logs table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0007.create-scene-progress

-- Types as in edu-0001. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
-- edu-0016 later replaces the implicit indexes of user_progress_id and scene_id with the
-- document's idx_conversation_logs_progress and idx_conversation_logs_scene (see there).
CREATE TABLE conversation_logs (
    id INT AUTO_INCREMENT PRIMARY KEY,
    user_progress_id INTEGER,
    scene_id INTEGER,

    -- Message details
    message_type VARCHAR(255) NOT NULL, -- user_message, ai_persona, system_message
    sender_name VARCHAR(255), -- Name of the persona or user
    message_content LONGTEXT NOT NULL,

    -- Context information
    turn_number INTEGER,
    persona_id INTEGER,

    -- Metadata
    processing_time DOUBLE, -- Time taken to generate response
    token_count INTEGER, -- Number of tokens used
    model_used VARCHAR(255), -- AI model used for generation

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT conversation_logs_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE,
    CONSTRAINT conversation_logs_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id) ON DELETE CASCADE,
    CONSTRAINT conversation_logs_persona_id_fkey FOREIGN KEY (persona_id) REFERENCES scenario_personas(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
