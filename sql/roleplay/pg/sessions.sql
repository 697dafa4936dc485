-- name: insert-session-if-absent!
-- A session, only if no row has its id yet: 1 inserted, 0 already there.
INSERT INTO session_records (id, user_id, scenario_id, role_id, start_time, score,
                             duration_seconds, messages, ai_analysis, audio_url)
VALUES (:id, :user_id, :scenario_id, :role_id, :start_time, :score,
        :duration_seconds, :messages, :ai_analysis, :audio_url)
    ON CONFLICT (id) DO NOTHING;

-- name: insert-session^
-- A finished session; a taken id is refused by session_records_pkey.
INSERT INTO session_records (id, user_id, scenario_id, role_id, start_time, score,
                             duration_seconds, messages, ai_analysis, audio_url)
VALUES (:id, :user_id, :scenario_id, :role_id, :start_time, :score,
        :duration_seconds, :messages, :ai_analysis, :audio_url)
RETURNING id, user_id, scenario_id, role_id, start_time, score, duration_seconds, messages,
       ai_analysis, audio_url, created_at, updated_at;
