-- Create tts_requests: text-to-speech requests (seed 002, `tts_requests`), the document's MySQL table translated for PostgreSQL.
-- depends: smartlite-0004.create-transcriptions

-- ENUM -> VARCHAR + named CHECK; JSON -> JSONB. No ON DELETE action (none listed): deleting a
-- user who has requests is refused. tts_requests_user_id_fkey is MySQL's implicit key index.
CREATE TABLE tts_requests (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    input_text TEXT,
    audio_url TEXT,
    voice VARCHAR(50),
    language VARCHAR(10),
    status VARCHAR(10) NOT NULL DEFAULT 'pending',
    duration NUMERIC(10,2),                   -- seconds
    model VARCHAR(50),
    error_message TEXT,
    metadata JSONB,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    completed_at TIMESTAMP(0) WITH TIME ZONE,
    PRIMARY KEY (id),
    CONSTRAINT tts_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT tts_requests_status_check CHECK (status IN ('pending', 'processing', 'completed', 'failed'))
);

CREATE INDEX tts_requests_user_id_fkey ON tts_requests (user_id);

CREATE TRIGGER tts_requests_set_updated_at BEFORE UPDATE ON tts_requests
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
