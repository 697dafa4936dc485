-- Text-to-speech requests (seed 002, tts_requests): the same lifecycle as transcriptions.
-- An :owner of NULL means an admin or a worker.

-- name: insert-tts-request^
-- then: read-tts-request
-- A new request, pending.
INSERT INTO tts_requests (id, user_id, input_text, voice, language, model, metadata)
VALUES (:id, :user_id, :input_text, :voice, :language, :model, :metadata);

-- name: get-tts-request^
-- One request.
SELECT id, user_id, input_text, audio_url, voice, language, status, duration, model,
       error_message, metadata, created_at, updated_at, completed_at
  FROM tts_requests
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: get-tts-request-status$
-- The state a request is in (what a refused transition reports).
SELECT status
  FROM tts_requests
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: list-tts-requests
-- A user's requests, newest first, optionally of one status, one keyset page; reads
-- idx_tts_requests_user_id_created_at.
SELECT id, user_id, input_text, audio_url, voice, language, status, duration, model,
       error_message, metadata, created_at, updated_at, completed_at
  FROM tts_requests
 WHERE user_id = :user_id
   AND (status = :status OR :status IS NULL)
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-tts-requests-by-status
-- Every user's requests in one status (admin), newest first; reads
-- idx_tts_requests_status_created_at.
SELECT id, user_id, input_text, audio_url, voice, language, status, duration, model,
       error_message, metadata, created_at, updated_at, completed_at
  FROM tts_requests
 WHERE status = :status
   AND (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-pending-tts-requests
-- The oldest pending requests: a worker's claim candidates.
SELECT id
  FROM tts_requests
 WHERE status = 'pending'
 ORDER BY created_at, id
 LIMIT :limit;

-- name: claim-tts-request^
-- then: read-tts-request
-- Take a request: its row for exactly one of any number of racing workers, none for the rest.
UPDATE tts_requests
   SET status = :to
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3);

-- name: complete-tts-request^
-- then: read-tts-request
-- The result of a request being processed.
UPDATE tts_requests
   SET status = :to,
       audio_url = :audio_url,
       duration = :duration,
       model = COALESCE(:model, model),
       completed_at = :now
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3);

-- name: fail-tts-request^
-- then: read-tts-request
-- A request that could not be processed, and why.
UPDATE tts_requests
   SET status = :to,
       error_message = :error_message
 WHERE id = :id
   AND status IN (:from_1, :from_2, :from_3);

-- name: read-tts-request^
-- One row by id alone: the read-back of a write on an engine without RETURNING.
SELECT id, user_id, input_text, audio_url, voice, language, status, duration, model,
          error_message, metadata, created_at, updated_at, completed_at
  FROM tts_requests
 WHERE id = :id;
