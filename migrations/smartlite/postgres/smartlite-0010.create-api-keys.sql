-- Create api_keys: user API keys (seed 002, `api_keys`), the document's MySQL table translated for PostgreSQL.
-- depends: smartlite-0009.create-pipeline-executions

-- key is a non-reserved word in PostgreSQL and needs no quotes (MySQL quotes it). No ON DELETE
-- action (none listed): deleting a user who has API keys is refused. api_keys_user_id_fkey is
-- MySQL's implicit key index.
CREATE TABLE api_keys (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    name VARCHAR(255) NOT NULL,
    key VARCHAR(255) NOT NULL,
    last_used_at TIMESTAMP(0) WITH TIME ZONE,
    expires_at TIMESTAMP(0) WITH TIME ZONE,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT api_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT api_keys_key_key UNIQUE (key)
);

CREATE INDEX api_keys_user_id_fkey ON api_keys (user_id);

CREATE TRIGGER api_keys_set_updated_at BEFORE UPDATE ON api_keys
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
