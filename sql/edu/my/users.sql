-- name: last-id$
-- The id the last INSERT of this transaction's connection took from its AUTO_INCREMENT.
SELECT LAST_INSERT_ID();

-- name: lock-user!
-- Holds a user's row until the transaction ends, so a counter recomputed next sees every
-- commit before it.
SELECT id
  FROM users
 WHERE id = :id
   FOR UPDATE;
