-- Create scene_progress: seed 003's scene_progress table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0006.create-user-progress

-- Types as in edu-0001, JSONB -> JSON. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
CREATE TABLE scene_progress (
    id INT AUTO_INCREMENT PRIMARY KEY,
    user_progress_id INTEGER,
    scene_id INTEGER,

    -- Scene completion
    status VARCHAR(255) DEFAULT 'not_started', -- not_started, in_progress, completed, skipped
    started_at DATETIME(6),
    completed_at DATETIME(6),
    time_spent INTEGER DEFAULT 0, -- Time in seconds

    -- Interaction metrics
    turns_taken INTEGER DEFAULT 0,
    hints_used INTEGER DEFAULT 0,
    goal_achieved BOOLEAN DEFAULT FALSE,

    -- Performance data
    completion_score DOUBLE, -- 0.0 to 1.0
    feedback_data JSON, -- Detailed feedback and assessment

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT scene_progress_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE,
    CONSTRAINT scene_progress_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
