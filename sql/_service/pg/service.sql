-- Queries the service itself runs on an app's PostgreSQL database (not an app's data).

-- name: ping$
-- Liveness of the database for /ready.
SELECT 1;

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
