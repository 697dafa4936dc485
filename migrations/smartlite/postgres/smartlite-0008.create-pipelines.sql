-- Create pipelines: pipeline configurations (seed 002, `pipelines`), the document's MySQL table translated for PostgreSQL.
-- depends: smartlite-0007.create-llm-messages

-- ENUM -> VARCHAR + named CHECK, default 'active'; JSON -> JSONB. No ON DELETE action (none
-- listed): deleting a user who has pipelines is refused. pipelines_user_id_fkey is MySQL's
-- implicit key index.
CREATE TABLE pipelines (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    name VARCHAR(255),
    description TEXT,
    config JSONB,
    status VARCHAR(8) NOT NULL DEFAULT 'active',
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT pipelines_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT pipelines_status_check CHECK (status IN ('active', 'inactive', 'archived'))
);

CREATE INDEX pipelines_user_id_fkey ON pipelines (user_id);

CREATE TRIGGER pipelines_set_updated_at BEFORE UPDATE ON pipelines
    FOR EACH ROW EXECUTE FUNCTION set_updated_at();
