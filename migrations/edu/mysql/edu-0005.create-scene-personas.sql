-- Create scene_personas: seed 003's scene_personas table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0004.create-scenario-scenes

-- Types as in edu-0001. Inline REFERENCES become named table-level FOREIGN KEYs (MySQL parses
-- and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE. The primary key
-- (scene_id, persona_id) serves scene_id's key; MySQL adds an index for persona_id's key, named
-- after the constraint (listed in the engine mapping). Both engines make the key columns NOT NULL.
CREATE TABLE scene_personas (
    scene_id INTEGER,
    persona_id INTEGER,
    involvement_level VARCHAR(255) DEFAULT 'participant', -- key, participant, mentioned
    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),

    PRIMARY KEY (scene_id, persona_id),
    CONSTRAINT scene_personas_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id) ON DELETE CASCADE,
    CONSTRAINT scene_personas_persona_id_fkey FOREIGN KEY (persona_id) REFERENCES scenario_personas(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
