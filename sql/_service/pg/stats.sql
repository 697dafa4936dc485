-- `datasvc stats` and `datasvc maintain` on PostgreSQL: the queries of seed 003's Monitoring &
-- Maintenance section, for the connected app database.

-- name: stats-database-size$
-- The document's "Monitor database size", in bytes.
SELECT pg_database_size(current_database());

-- name: stats-tables
-- The document's "Monitor table sizes" (total with indexes and TOAST), largest first, with the
-- planner's row estimate (reltuples; -1 before the first ANALYZE, shown as 0).
SELECT c.relname AS name, pg_total_relation_size(c.oid) AS bytes,
       CAST(GREATEST(c.reltuples, 0) AS BIGINT) AS rows_estimate
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public'
   AND c.relkind IN ('r', 'p')
 ORDER BY pg_total_relation_size(c.oid) DESC, c.relname;

-- name: stats-has-statements$
-- Whether pg_stat_statements is installed in this database (its view exists).
SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_stat_statements';

-- name: stats-slowest
-- The document's "Monitor slow queries" (mean_time is mean_exec_time since PostgreSQL 13), for
-- this database only.
SELECT query, calls, mean_exec_time AS mean_ms, total_exec_time AS total_ms
  FROM pg_stat_statements
 WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
 ORDER BY mean_exec_time DESC
 LIMIT :limit;

-- name: maintain-analyze!
-- The document's "Update table statistics".
ANALYZE;

-- name: maintain-vacuum!
-- The document's "VACUUM ANALYZE" (space reclaimed for reuse, statistics updated); no lock that
-- stops reads or writes. Outside a transaction, as VACUUM must be.
VACUUM (ANALYZE);
