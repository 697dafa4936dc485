-- Create scenarios: seed 003's scenarios table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0001.create-users

-- Types as in edu-0001; JSONB -> JSON (no default, as in the document). The inline REFERENCES
-- becomes a named table-level FOREIGN KEY because MySQL parses and ignores a column-level
-- REFERENCES. idx_scenarios_created_by leads with the foreign-key column, so it is declared in
-- the table: MySQL would not drop it while the key exists, so it goes with the table and the
-- rollback stays one statement per statement (and no implicit index is added for the key).
CREATE TABLE scenarios (
    id INT AUTO_INCREMENT PRIMARY KEY,
    title VARCHAR(255) NOT NULL,
    description LONGTEXT,
    challenge LONGTEXT,
    industry VARCHAR(255),
    learning_objectives JSON, -- Array of learning objectives

    -- Source information
    source_type VARCHAR(255) DEFAULT 'manual', -- manual, pdf_upload, template
    pdf_content LONGTEXT,

    -- Publishing metadata
    student_role VARCHAR(255),
    category VARCHAR(255),
    difficulty_level VARCHAR(255),
    estimated_duration INTEGER,
    tags JSON, -- Array of tags

    -- PDF processing metadata
    pdf_title VARCHAR(255),
    pdf_source VARCHAR(2048),
    processing_version VARCHAR(255) DEFAULT '1.0',

    -- Community ratings
    rating_avg DOUBLE DEFAULT 0.0,
    rating_count INTEGER DEFAULT 0,

    -- Sharing settings
    is_public BOOLEAN DEFAULT FALSE,
    is_template BOOLEAN DEFAULT FALSE,
    allow_remixes BOOLEAN DEFAULT TRUE,

    -- Usage tracking
    usage_count INTEGER DEFAULT 0,
    clone_count INTEGER DEFAULT 0,

    -- Ownership
    created_by INTEGER,

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    INDEX idx_scenarios_created_by (created_by),
    CONSTRAINT scenarios_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_scenarios_title ON scenarios(title);

CREATE INDEX idx_scenarios_industry ON scenarios(industry);

CREATE INDEX idx_scenarios_is_public ON scenarios(is_public);

CREATE INDEX idx_scenarios_rating_avg ON scenarios(rating_avg);

CREATE INDEX idx_scenarios_created_at ON scenarios(created_at);
