-- Create tts_requests: text-to-speech requests (seed 002, `tts_requests`), the document's table rendered for MySQL 8.0.
-- depends: smartlite-0004.create-transcriptions

-- status defaults to its first label; metadata is JSON. The foreign key has no ON DELETE
-- action (none listed): deleting a user who has requests is refused. MySQL adds its own index
-- for the key, named tts_requests_user_id_fkey.
CREATE TABLE tts_requests (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    input_text TEXT,
    audio_url TEXT,
    voice VARCHAR(50),
    language VARCHAR(10),
    status ENUM('pending', 'processing', 'completed', 'failed') NOT NULL DEFAULT 'pending',
    duration DECIMAL(10,2),                   -- seconds
    model VARCHAR(50),
    error_message TEXT,
    metadata JSON,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    completed_at TIMESTAMP NULL,
    PRIMARY KEY (id),
    CONSTRAINT tts_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
