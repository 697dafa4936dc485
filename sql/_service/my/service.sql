-- Queries the service itself runs on an app's MySQL database (not an app's data).

-- name: ping$
-- Liveness of the database for /ready.
SELECT 1;

-- name: applied-migrations
-- Migrations yoyo has recorded as applied, oldest first.
SELECT migration_id, applied_at_utc
  FROM _yoyo_migration
 ORDER BY applied_at_utc, migration_id;

-- name: create-database!
-- Run without a default database when an app's database is missing; {database} is a quoted name.
CREATE DATABASE IF NOT EXISTS {database} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;

-- name: init-session!
-- Every pooled connection: UTC so DATETIME columns hold UTC, and strict mode so bad data is
-- refused rather than truncated.
SET time_zone = '+00:00',
    sql_mode = 'STRICT_TRANS_TABLES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION';

-- name: prepare-check!
-- Server-side PREPARE of one named query (with ? placeholders): checks it against the schema.
PREPARE datasvc_check FROM :statement;

-- name: deallocate-check!
-- Frees the statement prepare-check made.
DEALLOCATE PREPARE datasvc_check;

-- name: drop-database!
-- Removes a scratch database (tests, backup verification); {database} is a quoted name.
DROP DATABASE IF EXISTS {database};
