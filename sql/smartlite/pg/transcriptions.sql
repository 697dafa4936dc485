-- The writes that answer with their row, as one statement: INSERT/UPDATE ... RETURNING.

-- name: insert-transcription^
-- A new request, pending.
INSERT INTO transcriptions (id, user_id, audio_url, language, model, metadata)
VALUES (:id, :user_id, :audio_url, :language, :model, :metadata)
RETURNING id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
          error_message, metadata, created_at, updated_at, completed_at;

-- name: claim-transcription^
-- Take a request: its row for exactly one of any number of racing workers, none for the rest.
UPDATE transcriptions
   SET status = :to
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
          error_message, metadata, created_at, updated_at, completed_at;

-- name: complete-transcription^
-- The result of a request being processed.
UPDATE transcriptions
   SET status = :to,
       transcript_text = :transcript_text,
       confidence = :confidence,
       duration = :duration,
       model = COALESCE(:model, model),
       completed_at = :now
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
          error_message, metadata, created_at, updated_at, completed_at;

-- name: fail-transcription^
-- A request that could not be processed, and why.
UPDATE transcriptions
   SET status = :to,
       error_message = :error_message
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3)
RETURNING id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
          error_message, metadata, created_at, updated_at, completed_at;
