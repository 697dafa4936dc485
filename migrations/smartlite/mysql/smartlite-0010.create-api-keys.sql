-- Create api_keys: user API keys (seed 002, `api_keys`), the document's table rendered for MySQL 8.0.
-- depends: smartlite-0009.create-pipeline-executions

-- `key` is a reserved word in MySQL and is quoted. NOT NULL on name and key; last_used_at and
-- expires_at nullable (never used, never expires). The foreign key has no ON DELETE action
-- (none listed): deleting a user who has API keys is refused. MySQL adds its own index for the
-- key, named api_keys_user_id_fkey.
CREATE TABLE api_keys (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    name VARCHAR(255) NOT NULL,
    `key` VARCHAR(255) NOT NULL,
    last_used_at TIMESTAMP NULL,
    expires_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT api_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT api_keys_key_key UNIQUE (`key`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
