-- edu's retention jobs (seed 003, Data Retention): conversation logs archived and deleted
-- after a year, idle session memory deleted after 30 days, expired cache entries (cache.sql).
-- :now is the cutoff (the run's moment minus the age kept).

-- name: count-old-conversation-logs$
-- Conversation logs past the cutoff (retention's count and --dry-run).
SELECT COUNT(*)
  FROM conversation_logs
 WHERE created_at <= :now;

-- name: list-old-conversation-logs
-- The next batch to archive: the oldest ids past the cutoff, every column.
SELECT id, user_progress_id, scene_id, message_type, sender_name, message_content,
       turn_number, persona_id, processing_time, token_count, model_used, created_at
  FROM conversation_logs
 WHERE created_at <= :now
 ORDER BY id
 LIMIT :limit;

-- name: list-old-conversation-log-ids
-- The ids past the cutoff in an archived batch's range, locked until the delete commits: they
-- must all be in the batch's file.
SELECT id
  FROM conversation_logs
 WHERE id BETWEEN :first_id AND :last_id
   AND created_at <= :now
 ORDER BY id
   FOR UPDATE;

-- name: delete-old-conversation-logs!
-- An archived batch deleted: its id range, past the cutoff.
DELETE FROM conversation_logs
 WHERE id BETWEEN :first_id AND :last_id
   AND created_at <= :now;

-- name: count-idle-memory$
-- Session memory not read or written since the cutoff.
SELECT COUNT(*)
  FROM session_memory
 WHERE last_accessed <= :now;

-- name: delete-idle-memory!
-- At most :limit idle session memories, least recently used first.
DELETE FROM session_memory
 WHERE last_accessed <= :now
 ORDER BY last_accessed
 LIMIT :limit;
