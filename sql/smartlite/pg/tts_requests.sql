-- The writes that answer with their row, as one statement: INSERT/UPDATE ... RETURNING.

-- name: insert-tts-request^
-- A new request, pending.
INSERT INTO tts_requests (id, user_id, input_text, voice, language, model, metadata)
VALUES (:id, :user_id, :input_text, :voice, :language, :model, :metadata)
RETURNING id, user_id, input_text, audio_url, voice, language, status, duration, model,
          error_message, metadata, created_at, updated_at, completed_at;

-- name: claim-tts-request^
-- Take a request: its row for exactly one of any number of racing workers, none for the rest.
UPDATE tts_requests
   SET status = :to
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, user_id, input_text, audio_url, voice, language, status, duration, model,
          error_message, metadata, created_at, updated_at, completed_at;

-- name: complete-tts-request^
-- The result of a request being processed.
UPDATE tts_requests
   SET status = :to,
       audio_url = :audio_url,
       duration = :duration,
       model = COALESCE(:model, model),
       completed_at = :now
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, user_id, input_text, audio_url, voice, language, status, duration, model,
          error_message, metadata, created_at, updated_at, completed_at;

-- name: fail-tts-request^
-- A request that could not be processed, and why.
UPDATE tts_requests
   SET status = :to,
       error_message = :error_message
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, user_id, input_text, audio_url, voice, language, status, duration, model,
          error_message, metadata, created_at, updated_at, completed_at;
