-- Create agent_sessions: seed 003's agent_sessions table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0010.create-conversation-summaries

-- Types as in edu-0001, JSONB -> JSON. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
CREATE TABLE agent_sessions (
    id INT AUTO_INCREMENT PRIMARY KEY,
    session_id VARCHAR(255) NOT NULL,
    user_progress_id INTEGER,

    -- Agent configuration
    agent_type VARCHAR(255) NOT NULL, -- persona, summarization, grading
    agent_id VARCHAR(255), -- Specific agent identifier
    session_config JSON, -- Agent-specific configuration

    -- Session state
    status VARCHAR(255) DEFAULT 'active', -- active, paused, completed, error
    started_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    last_activity DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),

    -- Performance metrics
    total_interactions INTEGER DEFAULT 0,
    average_response_time DOUBLE,
    error_count INTEGER DEFAULT 0,

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT agent_sessions_session_id_key UNIQUE (session_id),
    CONSTRAINT agent_sessions_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
