-- Create scenarios: seed 000's scenarios table (2.2) translated from TiDB/MySQL to PostgreSQL.
-- depends: roleplay-0001.create-users

-- user_id NULL = a system template (the document marks it Nullable); BOOL -> BOOLEAN; JSON ->
-- JSONB; MEDIUMTEXT -> TEXT plus a named CHECK keeping MySQL's 16 MB (16777215-byte) limit;
-- MySQL TEXT -> TEXT (its 64 KB cap is not kept); the foreign key has no ON DELETE action
-- (the document gives none), so a user who still owns scenarios cannot be deleted.
CREATE TABLE scenarios (
    id VARCHAR(36) PRIMARY KEY,
    user_id VARCHAR(36),                        -- NULL = system template
    is_default BOOLEAN NOT NULL DEFAULT FALSE,  -- TRUE = template for everyone
    title VARCHAR(255),
    subtitle VARCHAR(255),
    description TEXT,
    tags JSONB,                                 -- future: a generated column for indexing
    script_content TEXT,                        -- limit: 16 MB max
    generation_prompt TEXT,
    workflow TEXT,
    knowledge_points TEXT,
    scoring_criteria TEXT,
    scoring_dimensions JSONB,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT scenarios_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT scenarios_script_content_check CHECK (octet_length(script_content) <= 16777215)
);

CREATE INDEX idx_scenarios_user_id ON scenarios (user_id);

CREATE INDEX idx_scenarios_title ON scenarios (title);

CREATE TRIGGER scenarios_set_updated_at BEFORE UPDATE ON scenarios
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
