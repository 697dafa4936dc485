-- Create scenarios: seed 000's scenarios table (2.2) on its own engine (TiDB/MySQL), rendered from the document's table.
-- depends: roleplay-0001.create-users

-- user_id NULL = a system template (the document marks it Nullable). The foreign key is
-- table-level and named as PostgreSQL names it (MySQL ignores a column-level REFERENCES); no
-- ON DELETE action (the document gives none). idx_scenarios_user_id is declared inside the
-- table: MySQL will not drop an index a foreign key needs, so it goes with the table.
CREATE TABLE scenarios (
    id VARCHAR(36) PRIMARY KEY,
    user_id VARCHAR(36),                        -- NULL = system template
    is_default BOOL NOT NULL DEFAULT FALSE,     -- TRUE = template for everyone
    title VARCHAR(255),
    subtitle VARCHAR(255),
    description TEXT,
    tags JSON,                                  -- future: a generated column for indexing
    script_content MEDIUMTEXT,                  -- limit: 16 MB max
    generation_prompt TEXT,
    workflow TEXT,
    knowledge_points TEXT,
    scoring_criteria TEXT,
    scoring_dimensions JSON,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_scenarios_user_id (user_id),
    CONSTRAINT scenarios_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_scenarios_title ON scenarios(title);
