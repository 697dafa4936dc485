-- Row locks for conditional writes (If-Match, service/etags.py): the row stays as read until
-- the write's transaction ends.

-- name: lock-chat$
-- One chat of :owner (NULL: an admin), row-locked; its id, or nothing.
SELECT id
  FROM ai_chats
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
   FOR UPDATE;
