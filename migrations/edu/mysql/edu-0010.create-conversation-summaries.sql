-- Create conversation_summaries: seed 003's conversation_summaries table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0009.create-session-memory

-- Types as in edu-0001, JSONB -> JSON. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
-- session_id has no foreign key on either engine: the document's DDL gives none (session_memory's
-- session_id is unique, but the diagram's session_memory-to-summaries link is not in the DDL).
CREATE TABLE conversation_summaries (
    id INT AUTO_INCREMENT PRIMARY KEY,
    session_id VARCHAR(255) NOT NULL,
    user_progress_id INTEGER,

    -- Summary content
    summary_type VARCHAR(255) NOT NULL, -- scene_summary, progress_summary, key_points
    content LONGTEXT NOT NULL,
    key_points JSON, -- Array of key points extracted

    -- Context
    scene_id INTEGER,
    turn_range_start INTEGER,
    turn_range_end INTEGER,

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT conversation_summaries_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE,
    CONSTRAINT conversation_summaries_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
