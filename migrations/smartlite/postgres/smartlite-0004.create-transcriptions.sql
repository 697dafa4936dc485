-- Create transcriptions: speech-to-text records (seed 002, `transcriptions`), the document's MySQL table translated for PostgreSQL.
-- depends: smartlite-0003.create-refresh-tokens

-- MySQL ENUM -> VARCHAR sized to the longest label plus a named CHECK listing the labels
-- (case-sensitive here; MySQL's ENUM under utf8mb4_unicode_ci also accepts 'PENDING').
-- DECIMAL -> NUMERIC; JSON -> JSONB. (user_id, created_at) also serves the foreign key, so
-- MySQL adds no index of its own and none is added here.
CREATE TABLE transcriptions (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    audio_url TEXT,
    transcript_text TEXT,
    language VARCHAR(10),                     -- en, es, ...
    status VARCHAR(10) NOT NULL DEFAULT 'pending',
    duration NUMERIC(10,2),                   -- seconds
    model VARCHAR(50),
    confidence NUMERIC(5,4),                  -- 0..1
    error_message TEXT,
    metadata JSONB,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP(0) WITH TIME ZONE,
    PRIMARY KEY (id),
    CONSTRAINT transcriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT transcriptions_status_check CHECK (status IN ('pending', 'processing', 'completed', 'failed'))
);

CREATE INDEX idx_transcriptions_status_created_at ON transcriptions (status, created_at);

CREATE INDEX idx_transcriptions_user_id_created_at ON transcriptions (user_id, created_at);

CREATE TRIGGER transcriptions_set_updated_at BEFORE UPDATE ON transcriptions
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
