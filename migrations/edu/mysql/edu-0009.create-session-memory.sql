-- Create session_memory: seed 003's session_memory table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0008.create-conversation-logs

-- Types as in edu-0001, JSONB -> JSON. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
CREATE TABLE session_memory (
    id INT AUTO_INCREMENT PRIMARY KEY,
    session_id VARCHAR(255) NOT NULL,
    user_id INTEGER,
    scenario_id INTEGER,
    scene_id INTEGER,

    -- Memory content
    memory_type VARCHAR(255) NOT NULL, -- conversation, context, summary
    content LONGTEXT NOT NULL,
    metadata JSON, -- Additional context and metadata

    -- Memory management
    importance_score DOUBLE DEFAULT 0.5, -- 0.0 to 1.0
    access_count INTEGER DEFAULT 0,
    last_accessed DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT session_memory_session_id_key UNIQUE (session_id),
    CONSTRAINT session_memory_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT session_memory_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE,
    CONSTRAINT session_memory_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
