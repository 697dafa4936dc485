-- Scored practice sessions (seed 000, session_records). Always a user's own: user_id is NOT
-- NULL. scenario_id and role_id are plain indexed columns, not keys, so a record outlives the
-- scenario or role it used. An :owner of NULL means an admin acting on any row.

-- name: list-sessions
-- One keyset page of a user's sessions, latest start_time first, optionally only those of
-- :scenario_id and of :role_id (each test before its `IS NULL`: PostgreSQL types a parameter
-- by its first use). Rows without a start_time are not listed. No transcript in a list.
SELECT id, user_id, scenario_id, role_id, start_time, score, duration_seconds, audio_url,
       created_at
  FROM session_records
 WHERE user_id = :user_id
   AND (start_time < :before_start_time
        OR (start_time = :before_start_time AND id < :before_id))
   AND (scenario_id = :scenario_id OR :scenario_id IS NULL)
   AND (role_id = :role_id OR :role_id IS NULL)
 ORDER BY start_time DESC, id DESC
 LIMIT :limit;

-- name: list-all-sessions
-- One keyset page of every user's sessions (admin), with the same order and filters.
SELECT id, user_id, scenario_id, role_id, start_time, score, duration_seconds, audio_url,
       created_at
  FROM session_records
 WHERE (start_time < :before_start_time
        OR (start_time = :before_start_time AND id < :before_id))
   AND (scenario_id = :scenario_id OR :scenario_id IS NULL)
   AND (role_id = :role_id OR :role_id IS NULL)
 ORDER BY start_time DESC, id DESC
 LIMIT :limit;

-- name: get-session^
-- One session with its transcript and analysis.
SELECT id, user_id, scenario_id, role_id, start_time, score, duration_seconds, messages,
       ai_analysis, audio_url, created_at, updated_at
  FROM session_records
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: get-session-by-id^
-- One session in full by id alone: the read-back after a write where the engine cannot RETURN
-- (the write already decided who may).
SELECT id, user_id, scenario_id, role_id, start_time, score, duration_seconds, messages,
       ai_analysis, audio_url, created_at, updated_at
  FROM session_records
 WHERE id = :id;

-- name: get-session-owner$
-- Whose session an id is (an import tells "already yours" from "someone else's"); a locking
-- read, so it sees a row another transaction just committed.
SELECT user_id
  FROM session_records
 WHERE id = :id
   FOR UPDATE;

-- name: insert-session^
-- then: get-session-by-id
-- A finished session; a taken id is refused by session_records_pkey.
INSERT INTO session_records (id, user_id, scenario_id, role_id, start_time, score,
                             duration_seconds, messages, ai_analysis, audio_url)
VALUES (:id, :user_id, :scenario_id, :role_id, :start_time, :score,
        :duration_seconds, :messages, :ai_analysis, :audio_url);

-- name: delete-session!
-- Removes one of :owner's sessions.
DELETE FROM session_records
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);
