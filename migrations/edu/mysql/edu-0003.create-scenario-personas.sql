-- Create scenario_personas: seed 003's scenario_personas table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0002.create-scenarios

-- Types as in edu-0001, JSONB -> JSON. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
CREATE TABLE scenario_personas (
    id INT AUTO_INCREMENT PRIMARY KEY,
    scenario_id INTEGER,
    name VARCHAR(255) NOT NULL,
    role VARCHAR(255) NOT NULL,
    background LONGTEXT,
    correlation LONGTEXT, -- How this persona relates to the scenario
    primary_goals JSON, -- Array of primary goals
    personality_traits JSON, -- Personality trait scores

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT scenario_personas_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
