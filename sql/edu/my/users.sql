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

-- name: get-new-user^
-- The account this connection's last insert made (the read-back of an insert).
SELECT id, email, full_name, username, bio, avatar_url, role, published_scenarios,
       total_simulations, reputation_score, profile_public, allow_contact, is_active,
       is_verified, created_at, updated_at
  FROM users
 WHERE id = LAST_INSERT_ID();
