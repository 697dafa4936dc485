-- Create roles: seed 000's roles table (2.3) translated from TiDB/MySQL to PostgreSQL.
-- depends: roleplay-0002.create-scenarios

-- user_id NULL = a system template (Nullable in the document); BOOL -> BOOLEAN; JSON -> JSONB;
-- MySQL TEXT -> TEXT (its 64 KB cap is not kept); no ON DELETE action on the foreign key.
CREATE TABLE roles (
    id VARCHAR(36) PRIMARY KEY,
    user_id VARCHAR(36),
    is_default BOOLEAN NOT NULL DEFAULT FALSE,
    name VARCHAR(100),
    name_cn VARCHAR(100),
    title VARCHAR(100),
    avatar_url VARCHAR(512),                    -- replaces Base64
    focus_areas JSONB,
    personality JSONB,
    system_prompt_addon TEXT,
    generation_prompt TEXT,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);

CREATE INDEX idx_roles_user_id ON roles (user_id);

CREATE INDEX idx_roles_name_cn ON roles (name_cn);

CREATE TRIGGER roles_set_updated_at BEFORE UPDATE ON roles
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
