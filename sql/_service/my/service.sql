-- Queries the service itself runs on an app's MySQL database (not an app's data).

-- name: applied-migrations
-- Migrations yoyo has recorded as applied, oldest first.
SELECT migration_id, applied_at_utc
  FROM _yoyo_migration
 ORDER BY applied_at_utc, migration_id;

-- name: create-database!
-- Run without a default database when an app's database is missing; {database} is a quoted name.
CREATE DATABASE IF NOT EXISTS {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- name: init-session!
-- Every connection of the service's tools (backup, verify): UTC so DATETIME columns hold UTC,
-- and strict mode so bad data is refused rather than truncated.
SET time_zone = '+00:00',
    sql_mode = 'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

-- name: init-pooled-session!
-- Every pooled connection of the service: init-session's UTC and strict mode, and the
-- deployment's bounds ({...} slots filled from the settings): the row lock wait, and the
-- statement time in a comment only its server family runs (`/*M!` is MariaDB's
-- max_statement_time; `/*!80000` MySQL 8's and TiDB's max_execution_time, SELECTs only, which
-- MariaDB skips as a MySQL 8 comment).
SET time_zone = '+00:00',
    sql_mode = 'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION',
    innodb_lock_wait_timeout = {lock_wait}
    /*M!100108 , max_statement_time = {statement_seconds} */
    /*!80000 , max_execution_time = {statement_ms} */;

-- name: prepare-check!
-- Server-side PREPARE of one named query (with ? placeholders): checks it against the schema.
PREPARE datasvc_check FROM :statement;

-- name: deallocate-check!
-- Frees the statement prepare-check made.
DEALLOCATE PREPARE datasvc_check;

-- name: drop-database!
-- Removes a scratch database (tests, backup verification); {database} is a quoted name.
DROP DATABASE IF EXISTS {database};

-- name: list-checksums
-- The sha256 of each applied migration's file as it was when applied (drift detection).
SELECT migration_id, sha256 FROM _datasvc_checksums ORDER BY migration_id;

-- name: record-checksum!
-- Remember a migration file's content at the moment it was applied or stamped.
INSERT INTO _datasvc_checksums (migration_id, sha256)
VALUES (:migration_id, :sha256)
ON DUPLICATE KEY UPDATE sha256 = VALUES(sha256), recorded_at = CURRENT_TIMESTAMP(6);

-- name: forget-checksum!
-- A migration rolled back or unstamped is no longer held to its old content.
DELETE FROM _datasvc_checksums WHERE migration_id = :migration_id;

-- name: try-migration-lock$
-- The session lock one migration run holds (named per database; GET_LOCK names are
-- server-wide); the server frees it when the holder's connection ends.
SELECT GET_LOCK(:name, 0);

-- name: release-migration-lock$
SELECT RELEASE_LOCK(:name);

-- name: migration-lock-holder^
-- Who holds the migration lock: the holder's connection id, user@host and for how long.
SELECT ID AS session, CONCAT(USER, '@', HOST) AS holder, TIME AS seconds
  FROM information_schema.PROCESSLIST
 WHERE ID = IS_USED_LOCK(:name);

-- name: get-yoyo-lock^
-- yoyo's own lock row (a plain `yoyo apply`, or a run that was killed while holding it).
SELECT pid, ctime FROM yoyo_lock;

-- name: clear-yoyo-lock!
DELETE FROM yoyo_lock;
