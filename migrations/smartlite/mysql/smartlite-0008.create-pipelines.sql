-- Create pipelines: pipeline configurations (seed 002, `pipelines`), the document's table rendered for MySQL 8.0.
-- depends: smartlite-0007.create-llm-messages

-- status defaults to its first label ('active'); config is JSON. The foreign key has no ON
-- DELETE action (none listed): deleting a user who has pipelines is refused. MySQL adds its
-- own index for the key, named pipelines_user_id_fkey.
CREATE TABLE pipelines (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    name VARCHAR(255),
    description TEXT,
    config JSON,
    status ENUM('active', 'inactive', 'archived') NOT NULL DEFAULT 'active',
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT pipelines_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
