-- Create usage_metrics: service usage and billing (seed 002, `usage_metrics`), the document's table rendered for MySQL 8.0.
-- depends: smartlite-0010.create-api-keys

-- service is NOT NULL with no default; request_count and token_count have no default; date is
-- a nullable TIMESTAMP as the document types it. The foreign key has no ON DELETE action
-- (none listed): deleting a user who has metrics is refused. MySQL adds its own index for the
-- key, named usage_metrics_user_id_fkey.
CREATE TABLE usage_metrics (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    service ENUM('asr', 'tts', 'llm', 'pipeline') NOT NULL,
    request_count INT,
    token_count INT,                          -- LLM tokens
    cost DECIMAL(10,4),
    date TIMESTAMP NULL,                      -- metric date
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT usage_metrics_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
