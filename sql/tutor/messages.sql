-- A child's chat history with the tutor (seed 001, chat_messages), read chronologically.

-- name: insert-message!
-- One message (its id: last-insert-id, on the same connection).
INSERT INTO chat_messages (profile_id, role, content, timestamp)
VALUES (:profile_id, :role, :content, COALESCE(:timestamp, CURRENT_TIMESTAMP(6)));

-- name: get-message^
-- One message of a profile by id.
SELECT id, profile_id, role, content, timestamp
  FROM chat_messages
 WHERE id = :id
   AND profile_id = :profile_id;

-- name: list-messages
-- A profile's messages, oldest first, one keyset page after (:after_timestamp, :after_id).
SELECT id, profile_id, role, content, timestamp
  FROM chat_messages
 WHERE profile_id = :profile_id
   AND (timestamp > :after_timestamp
        OR (timestamp = :after_timestamp AND id > :after_id))
 ORDER BY timestamp, id
 LIMIT :limit;

-- name: all-messages
-- Every message of a profile in the order it was written (the export).
SELECT id, profile_id, role, content, timestamp
  FROM chat_messages
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: delete-messages!
-- Clears a profile's chat history.
DELETE FROM chat_messages
 WHERE profile_id = :profile_id;
