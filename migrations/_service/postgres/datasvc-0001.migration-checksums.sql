-- The service's bookkeeping in each app database: the sha256 of every applied migration file.
-- depends:

-- `datasvc migrate` applies this before an app's own migrations and refuses to go on when an
-- applied file no longer has the content it had when it ran (yoyo does not notice edits).
CREATE TABLE _datasvc_checksums (
    migration_id VARCHAR(255) PRIMARY KEY,
    sha256 CHAR(64) NOT NULL,
    recorded_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
