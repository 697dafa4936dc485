-- Create session_records: seed 000's session_records table (2.4) on its own engine (TiDB/MySQL), rendered from the document's table.
-- depends: roleplay-0003.create-roles

-- user_id is NOT NULL (multi-tenant, and unlike scenarios/roles not marked Nullable), a named
-- table-level foreign key with its index inside the table (see roleplay-0002). scenario_id and
-- role_id are indexed but are not foreign keys: the document marks them Index only, so a
-- session record outlives a deleted scenario or role.
CREATE TABLE session_records (
    id VARCHAR(36) PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL,               -- multi-tenant support
    scenario_id VARCHAR(36),
    role_id VARCHAR(36),
    start_time DATETIME,                        -- sort key
    score INT,
    duration_seconds INT,
    messages JSON,                              -- full transcript
    ai_analysis JSON,
    audio_url VARCHAR(512),                     -- path to a WAV file (future)
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_session_records_user_id (user_id),
    CONSTRAINT session_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_session_records_scenario_id ON session_records(scenario_id);

CREATE INDEX idx_session_records_role_id ON session_records(role_id);

CREATE INDEX idx_session_records_start_time ON session_records(start_time);
