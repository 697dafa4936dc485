-- Create roles: seed 000's roles table (2.3) on its own engine (TiDB/MySQL), rendered from the document's table.
-- depends: roleplay-0002.create-scenarios

-- user_id NULL = a system template (Nullable in the document); named table-level foreign key
-- without ON DELETE action, its index declared inside the table (see roleplay-0002).
CREATE TABLE roles (
    id VARCHAR(36) PRIMARY KEY,
    user_id VARCHAR(36),
    is_default BOOL NOT NULL DEFAULT FALSE,
    name VARCHAR(100),
    name_cn VARCHAR(100),
    title VARCHAR(100),
    avatar_url VARCHAR(512),                    -- replaces Base64
    focus_areas JSON,
    personality JSON,
    system_prompt_addon TEXT,
    generation_prompt TEXT,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    INDEX idx_roles_user_id (user_id),
    CONSTRAINT roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_roles_name_cn ON roles(name_cn);
