-- name: last-id$
-- The id the last INSERT of this transaction's connection took from its SERIAL.
SELECT lastval();

-- name: lock-user!
-- Holds a user's row until the transaction ends, so a counter recomputed next sees every
-- commit before it. NO KEY UPDATE: inserts that reference the user (foreign keys take KEY
-- SHARE) are not blocked by it.
SELECT id
  FROM users
 WHERE id = :id
   FOR NO KEY UPDATE;
