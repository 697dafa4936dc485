-- Create transcriptions: speech-to-text records (seed 002, `transcriptions`), the document's table rendered for MySQL 8.0.
-- depends: smartlite-0003.create-refresh-tokens

-- status defaults to its first label; metadata, "TEXT (JSON)" in the document, is JSON (MySQL
-- validates it; MariaDB stores LONGTEXT with a json_valid check). Both listed indexes are
-- declared in the table: (user_id, created_at) also serves the foreign key, so MySQL adds no
-- index of its own, and it cannot be dropped while the key exists.
CREATE TABLE transcriptions (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    audio_url TEXT,
    transcript_text TEXT,
    language VARCHAR(10),                     -- en, es, ...
    status ENUM('pending', 'processing', 'completed', 'failed') NOT NULL DEFAULT 'pending',
    duration DECIMAL(10,2),                   -- seconds
    model VARCHAR(50),
    confidence DECIMAL(5,4),                  -- 0..1
    error_message TEXT,
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    completed_at TIMESTAMP NULL,
    PRIMARY KEY (id),
    CONSTRAINT transcriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    INDEX idx_transcriptions_status_created_at (status, created_at),
    INDEX idx_transcriptions_user_id_created_at (user_id, created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
