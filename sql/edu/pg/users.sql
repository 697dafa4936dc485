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

-- name: insert-user^
-- A sign-up; a taken email or username is refused by its UNIQUE constraint. Role and the
-- community counters keep the schema's defaults.
-- One statement: the row comes back from RETURNING.
INSERT INTO users (email, full_name, username, password_hash, bio, avatar_url,
                   profile_public, allow_contact)
VALUES (:email, :full_name, :username, :password_hash, :bio, :avatar_url,
        :profile_public, :allow_contact)
RETURNING id, email, full_name, username, bio, avatar_url, role, published_scenarios,
       total_simulations, reputation_score, profile_public, allow_contact, is_active,
       is_verified, created_at, updated_at;

-- name: update-user^
-- A partial update of a profile (by its owner): a column changes only when :set_<column> is true.
-- One statement: the row comes back from RETURNING.
UPDATE users
   SET full_name = CASE WHEN :set_full_name THEN :full_name ELSE full_name END,
       bio = CASE WHEN :set_bio THEN :bio ELSE bio END,
       avatar_url = CASE WHEN :set_avatar_url THEN :avatar_url ELSE avatar_url END,
       profile_public = CASE WHEN :set_profile_public THEN :profile_public
                             ELSE profile_public END,
       allow_contact = CASE WHEN :set_allow_contact THEN :allow_contact ELSE allow_contact END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
RETURNING id, email, full_name, username, bio, avatar_url, role, published_scenarios,
       total_simulations, reputation_score, profile_public, allow_contact, is_active,
       is_verified, created_at, updated_at;

-- name: get-new-user^
-- The account this connection's last insert made (the read-back of an insert).
SELECT id, email, full_name, username, bio, avatar_url, role, published_scenarios,
       total_simulations, reputation_score, profile_public, allow_contact, is_active,
       is_verified, created_at, updated_at
  FROM users
 WHERE id = lastval();
