-- name: insert-session-if-absent!
-- A session, only if no row has its id yet: 1 inserted, 0 already there (run in a retried
-- transaction: concurrent callers can deadlock on the key's gap lock).
INSERT INTO session_records (id, user_id, scenario_id, role_id, start_time, score,
                             duration_seconds, messages, ai_analysis, audio_url)
SELECT :id, :user_id, :scenario_id, :role_id, :start_time, :score,
       :duration_seconds, :messages, :ai_analysis, :audio_url
  FROM DUAL
 WHERE NOT EXISTS (SELECT 1 FROM session_records WHERE id = :id);
