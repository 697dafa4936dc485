-- `datasvc stats` and `datasvc maintain` on MySQL / MariaDB / TiDB: the equivalents of seed
-- 003's monitoring queries from information_schema and performance_schema.

-- name: stats-database-size$
-- The database's data and index bytes (InnoDB's estimate).
SELECT COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0)
  FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE();

-- name: stats-tables
-- Each table's data and index bytes, largest first, with InnoDB's row estimate.
SELECT TABLE_NAME AS name, DATA_LENGTH + INDEX_LENGTH AS bytes, TABLE_ROWS AS rows_estimate
  FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE()
   AND TABLE_TYPE = 'BASE TABLE'
 ORDER BY DATA_LENGTH + INDEX_LENGTH DESC, TABLE_NAME;

-- name: stats-has-statements$
-- Whether performance_schema is on (MariaDB's default is off).
SELECT @@performance_schema;

-- name: stats-slowest
-- The slowest statement digests of this database by mean time (timers are picoseconds).
SELECT DIGEST_TEXT AS query, COUNT_STAR AS calls, AVG_TIMER_WAIT / 1000000000 AS mean_ms,
       SUM_TIMER_WAIT / 1000000000 AS total_ms
  FROM performance_schema.events_statements_summary_by_digest
 WHERE SCHEMA_NAME = DATABASE()
 ORDER BY AVG_TIMER_WAIT DESC
 LIMIT :limit;

-- name: maintain-analyze-table!
-- ANALYZE TABLE: fresh index statistics; {table} is a quoted name.
ANALYZE TABLE {table};

-- name: maintain-optimize-table!
-- OPTIMIZE TABLE (--vacuum): InnoDB rebuilds the table online and reclaims space; {table} is a
-- quoted name.
OPTIMIZE TABLE {table};
