-- Queries `datasvc backup`, `verify` and `restore` run on an app's MySQL / MariaDB database
-- (service/backup/). {table} is a quoted identifier read from the catalog.

-- name: server-version^
-- The server's version text ("10.11.6-MariaDB-..." or "8.0.36").
SELECT VERSION() AS version;

-- name: set-lock-wait-timeout!
-- How long one try of FLUSH TABLES WITH READ LOCK may wait for a running statement before it
-- gives up (whole seconds on MySQL); writers queue behind the try that long at most.
SET SESSION lock_wait_timeout = :seconds;

-- name: pause-writes!
-- MySQL: blocks commits on the whole server until resume-writes: held only while this session
-- and the dump's session each open their snapshot, so both see the same committed state.
FLUSH TABLES WITH READ LOCK;

-- name: try-pause-writes!
-- MariaDB: pause-writes, given up after :seconds (max_statement_time takes fractions, where
-- lock_wait_timeout takes whole seconds), so writers queue behind one try that long at most.
SET STATEMENT max_statement_time = :seconds FOR FLUSH TABLES WITH READ LOCK;

-- name: resume-writes!
-- Releases pause-writes; this session's transaction and snapshot stay open.
UNLOCK TABLES;

-- name: set-repeatable-read!
-- The isolation level under which a consistent snapshot lasts for the whole transaction.
SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ;

-- name: begin-snapshot!
-- The backup's snapshot, taken while writes are paused; the manifest is computed in it.
START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY;

-- name: end-snapshot!
-- Ends the backup's read-only transaction (after the dump has finished).
COMMIT;

-- name: binlog-position^
-- The binary log coordinates of the paused state (no row when binary logging is off): where a
-- point-in-time recovery replays from. MySQL 8.4 and later only know binlog-status.
SHOW MASTER STATUS;

-- name: binlog-status^
-- The same as binlog-position on MySQL 8.2+ and MariaDB 10.5.2+.
SHOW BINARY LOG STATUS;

-- name: list-tables
-- Every base table of the database, the dump holds the data of each.
SELECT TABLE_NAME AS table_name
  FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE()
   AND TABLE_TYPE = 'BASE TABLE'
 ORDER BY TABLE_NAME;

-- name: list-other-objects
-- Views: with any table, they make a database count as not empty for restore.
SELECT TABLE_NAME AS object_name, 'view' AS kind
  FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE()
   AND TABLE_TYPE <> 'BASE TABLE'
 ORDER BY TABLE_NAME;

-- name: table-rows
-- Every row of one table, streamed; each is hashed in Python (MySQL cannot turn a whole row
-- into one value without naming its columns), and the hashes added up independent of order.
SELECT * FROM {table};

-- name: count-table-rows$
-- Rows of one table, for the list of what restore --force replaces.
SELECT COUNT(*) FROM {table};
