-- Create users: user accounts (seed 002, `users`), the document's MySQL table translated for PostgreSQL.
-- depends:

-- One function keeps updated_at current the way MySQL's ON UPDATE CURRENT_TIMESTAMP does: it
-- sets now() when the row actually changed and the UPDATE did not set updated_at itself. Each
-- table with updated_at gets a BEFORE UPDATE trigger <table>_set_updated_at calling it.
-- (NEW IS DISTINCT FROM OLD compares whole rows; every column type used here has equality.)
CREATE FUNCTION set_updated_at() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF NEW IS DISTINCT FROM OLD AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$$;

-- MySQL TIMESTAMP -> TIMESTAMP(0) WITH TIME ZONE (a UTC instant, whole seconds, shown in the
-- session's zone on both engines); BOOLEAN stays boolean. Nullability and defaults as on MySQL
-- (the document lists types only): NOT NULL on the key, email, username, password_hash and
-- the timestamps of the row's life. PostgreSQL's default collation is case-sensitive, so
-- unlike MySQL's utf8mb4_unicode_ci 'Bob@x.io' and 'bob@x.io' are two distinct emails here.
CREATE TABLE users (
    id VARCHAR(128) NOT NULL,                 -- CUID2
    email VARCHAR(255) NOT NULL,
    username VARCHAR(100) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    avatar TEXT,                              -- avatar URL
    is_active BOOLEAN DEFAULT TRUE,
    is_verified BOOLEAN DEFAULT FALSE,        -- email verified
    last_login_at TIMESTAMP(0) WITH TIME ZONE,
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
);

CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
