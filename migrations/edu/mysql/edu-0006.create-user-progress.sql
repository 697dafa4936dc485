-- Create user_progress: seed 003's user_progress table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0005.create-scene-personas

-- Types as in edu-0001, JSONB -> JSON. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
-- edu-0016 later replaces the implicit indexes of user_id and scenario_id with the document's
-- idx_user_progress_user and idx_user_progress_scenario (see there).
CREATE TABLE user_progress (
    id INT AUTO_INCREMENT PRIMARY KEY,
    user_id INTEGER,
    scenario_id INTEGER,
    current_scene_id INTEGER,

    -- Progress tracking
    status VARCHAR(255) DEFAULT 'in_progress', -- in_progress, completed, paused, abandoned
    started_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    completed_at DATETIME(6),
    total_time_spent INTEGER DEFAULT 0, -- Total time in seconds

    -- Simulation state
    current_turn INTEGER DEFAULT 0,
    total_turns INTEGER DEFAULT 0,
    hints_used INTEGER DEFAULT 0,

    -- Performance metrics
    scenes_completed INTEGER DEFAULT 0,
    total_scenes INTEGER,
    completion_percentage DOUBLE DEFAULT 0.0,

    -- AI interaction data
    orchestrator_data JSON, -- ChatOrchestrator state
    conversation_summary LONGTEXT,

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT user_progress_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT user_progress_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE,
    CONSTRAINT user_progress_current_scene_id_fkey FOREIGN KEY (current_scene_id) REFERENCES scenario_scenes(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
