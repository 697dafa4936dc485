-- PostgreSQL variants of retention.sql: DELETE has no LIMIT here, so a batch is chosen by a
-- keyed subquery.

-- name: delete-idle-memory!
-- At most :limit idle session memories, least recently used first.
DELETE FROM session_memory
 WHERE id IN (SELECT id FROM session_memory WHERE last_accessed <= :now
               ORDER BY last_accessed LIMIT :limit);
