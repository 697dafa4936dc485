-- Create users: seed 000's users table (2.1) translated from TiDB/MySQL to PostgreSQL, with the set_updated_at() trigger function every roleplay table uses.
-- depends:

-- MySQL's ON UPDATE CURRENT_TIMESTAMP has no PostgreSQL column attribute: one trigger function,
-- used by a BEFORE UPDATE trigger on every table. It stamps updated_at when the row really
-- changed and the statement did not set updated_at itself, as MySQL does.
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

-- JSON -> JSONB; "Unique, Index" on username is one UNIQUE constraint (its index serves the
-- lookups; a second plain index on the same column would only cost writes); ids are
-- VARCHAR(36) without a default (the application sends them); the columns the document does
-- not mark required stay nullable; created_at/updated_at ("Default Now" / "OnUpdate Now", no
-- type given) are TIMESTAMP (microseconds, like MySQL's DATETIME(6)), NOT NULL.
CREATE TABLE users (
    id VARCHAR(36) PRIMARY KEY,
    username VARCHAR(100),             -- Login ID / Name
    avatar_url VARCHAR(512),           -- a URL path, not a Base64 blob
    settings JSONB,                    -- user-specific settings (API keys, etc.)
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
