-- Create session_records: seed 000's session_records table (2.4) translated from TiDB/MySQL to PostgreSQL.
-- depends: roleplay-0003.create-roles

-- user_id is NOT NULL (multi-tenant, and unlike scenarios/roles not marked Nullable);
-- scenario_id and role_id are indexed but are not foreign keys (the document marks them Index
-- only: a session record outlives a deleted scenario or role); DATETIME -> TIMESTAMP(0)
-- (whole seconds, no zone); JSON -> JSONB; INT -> INTEGER.
CREATE TABLE session_records (
    id VARCHAR(36) PRIMARY KEY,
    user_id VARCHAR(36) NOT NULL,               -- multi-tenant support
    scenario_id VARCHAR(36),
    role_id VARCHAR(36),
    start_time TIMESTAMP(0),                    -- sort key
    score INTEGER,
    duration_seconds INTEGER,
    messages JSONB,                             -- full transcript
    ai_analysis JSONB,
    audio_url VARCHAR(512),                     -- path to a WAV file (future)
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT session_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);

CREATE INDEX idx_session_records_user_id ON session_records (user_id);

CREATE INDEX idx_session_records_scenario_id ON session_records (scenario_id);

CREATE INDEX idx_session_records_role_id ON session_records (role_id);

CREATE INDEX idx_session_records_start_time ON session_records (start_time);

CREATE TRIGGER session_records_set_updated_at BEFORE UPDATE ON session_records
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
