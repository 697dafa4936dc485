-- Create scenario_scenes: seed 003's scenario_scenes table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0003.create-scenario-personas

-- Types as in edu-0001. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
-- image_url is VARCHAR(2048): it holds a URL and no index covers it.
CREATE TABLE scenario_scenes (
    id INT AUTO_INCREMENT PRIMARY KEY,
    scenario_id INTEGER,
    title VARCHAR(255) NOT NULL,
    description LONGTEXT,
    user_goal LONGTEXT, -- What the user should achieve in this scene
    scene_order INTEGER NOT NULL,
    estimated_duration INTEGER, -- Duration in minutes
    image_url VARCHAR(2048),
    image_prompt LONGTEXT, -- Prompt used to generate the image
    timeout_turns INTEGER DEFAULT 20, -- Maximum turns before auto-progression
    success_metric LONGTEXT, -- How success is measured

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT scenario_scenes_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
