-- Queries the service itself runs on an app's PostgreSQL database (not an app's data).

-- name: applied-migrations
-- Migrations yoyo has recorded as applied, oldest first.
SELECT migration_id, applied_at_utc
  FROM _yoyo_migration
 ORDER BY applied_at_utc, migration_id;

-- name: create-database!
-- Run on the maintenance database when an app's database is missing; {database} is a quoted name.
CREATE DATABASE {database} ENCODING 'UTF8' TEMPLATE template0;

-- name: drop-database!
-- Removes a scratch database (tests, backup verification); {database} is a quoted name.
DROP DATABASE IF EXISTS {database} WITH (FORCE);

-- name: list-checksums
-- The sha256 of each applied migration's file as it was when applied (drift detection).
SELECT migration_id, sha256 FROM _datasvc_checksums ORDER BY migration_id;

-- name: record-checksum!
-- Remember a migration file's content at the moment it was applied or stamped.
INSERT INTO _datasvc_checksums (migration_id, sha256)
VALUES (:migration_id, :sha256)
ON CONFLICT (migration_id) DO UPDATE SET sha256 = EXCLUDED.sha256, recorded_at = now();

-- name: forget-checksum!
-- A migration rolled back or unstamped is no longer held to its old content.
DELETE FROM _datasvc_checksums WHERE migration_id = :migration_id;

-- name: try-migration-lock$
-- The session lock one migration run holds per database; the server frees it when the holder's
-- connection ends, so a killed run never leaves it behind.
SELECT pg_try_advisory_lock(hashtext('datasvc'), hashtext(:name));

-- name: release-migration-lock$
SELECT pg_advisory_unlock(hashtext('datasvc'), hashtext(:name));

-- name: migration-lock-holder^
-- Who holds the migration lock: the session's pid, its application_name (which names the
-- holder's process and host) and since when.
SELECT a.pid AS session, a.application_name AS holder, a.backend_start AS since
  FROM pg_locks l
  JOIN pg_stat_activity a ON a.pid = l.pid
 WHERE l.locktype = 'advisory'
   AND l.granted
   AND l.classid = hashtext('datasvc')::oid
   AND l.objid = hashtext(:name)::oid
   AND l.objsubid = 2
   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database());

-- name: get-yoyo-lock^
-- yoyo's own lock row (a plain `yoyo apply`, or a run that was killed while holding it).
SELECT pid, ctime FROM yoyo_lock;

-- name: clear-yoyo-lock!
DELETE FROM yoyo_lock;
