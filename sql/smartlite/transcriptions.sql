-- Speech-to-text requests (seed 002, transcriptions): pending -> processing -> completed |
-- failed. Transitions are conditional updates (service/states.py): :from_1..3 are the states a
-- transition may leave, :to the one it enters. An :owner of NULL means an admin or a worker.

-- name: insert-transcription^
-- then: read-transcription
-- A new request, pending.
INSERT INTO transcriptions (id, user_id, audio_url, language, model, metadata)
VALUES (:id, :user_id, :audio_url, :language, :model, :metadata);

-- name: get-transcription^
-- One request.
SELECT id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
       error_message, metadata, created_at, updated_at, completed_at
  FROM transcriptions
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: get-transcription-status$
-- The state a request is in (what a refused transition reports).
SELECT status
  FROM transcriptions
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: list-transcriptions
-- A user's requests, newest first, optionally of one status, one keyset page; reads
-- idx_transcriptions_user_id_created_at.
SELECT id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
       error_message, metadata, created_at, updated_at, completed_at
  FROM transcriptions
 WHERE user_id = :user_id
   AND (status = :status OR :status IS NULL)
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-transcriptions-by-status
-- Every user's requests in one status (admin), newest first; reads
-- idx_transcriptions_status_created_at.
SELECT id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
       error_message, metadata, created_at, updated_at, completed_at
  FROM transcriptions
 WHERE status = :status
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-pending-transcriptions
-- The oldest pending requests: a worker's claim candidates, in idx_transcriptions_status_created_at
-- order.
SELECT id
  FROM transcriptions
 WHERE status = 'pending'
 ORDER BY created_at, id
 LIMIT :limit;

-- name: claim-transcription^
-- then: read-transcription
-- Take a request: its row for exactly one of any number of racing workers, none for the rest.
UPDATE transcriptions
   SET status = :to
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3);

-- name: complete-transcription^
-- then: read-transcription
-- The result of a request being processed.
UPDATE transcriptions
   SET status = :to,
       transcript_text = :transcript_text,
       confidence = :confidence,
       duration = :duration,
       model = COALESCE(:model, model),
       completed_at = :now
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3);

-- name: fail-transcription^
-- then: read-transcription
-- A request that could not be processed, and why.
UPDATE transcriptions
   SET status = :to,
       error_message = :error_message
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3);

-- name: read-transcription^
-- One row by id alone: the read-back of a write on an engine without RETURNING.
SELECT id, user_id, audio_url, transcript_text, language, status, duration, model, confidence,
          error_message, metadata, created_at, updated_at, completed_at
  FROM transcriptions
 WHERE id = :id;
