-- Accounts of the education platform (seed 003, users). :viewer is the caller's user id (NULL
-- for an admin service token), :admin whether the caller holds an admin service token.

-- name: insert-user^
-- then: get-new-user
-- A sign-up; a taken email or username is refused by its UNIQUE constraint. Role and the
-- community counters keep the schema's defaults.
INSERT INTO users (email, full_name, username, password_hash, bio, avatar_url,
                   profile_public, allow_contact)
VALUES (:email, :full_name, :username, :password_hash, :bio, :avatar_url,
        :profile_public, :allow_contact);

-- name: get-viewer^
-- Who is calling, read per request: the token names the user, the database holds the role.
SELECT id, role, is_active
  FROM users
 WHERE id = :id;

-- name: get-login^
-- What a login checks, by email or username.
SELECT id, password_hash, is_active
  FROM users
 WHERE email = :login OR username = :login;

-- name: get-user^
-- One profile in full, if :viewer may see it: a public profile, their own, or any for an admin.
SELECT u.id, u.email, u.full_name, u.username, u.bio, u.avatar_url, u.role,
       u.published_scenarios, u.total_simulations, u.reputation_score, u.profile_public,
       u.allow_contact, u.is_active, u.is_verified, u.created_at, u.updated_at
  FROM users u
 WHERE u.id = :id
   AND (u.profile_public OR u.id = :viewer OR :admin
        OR EXISTS (SELECT 1 FROM users a WHERE a.id = :viewer AND a.role = 'admin'));

-- name: update-user^
-- then: get-own-user
-- A partial update of a profile (by its owner): a column changes only when :set_<column> is true.
UPDATE users
   SET full_name = CASE WHEN :set_full_name THEN :full_name ELSE full_name END,
       bio = CASE WHEN :set_bio THEN :bio ELSE bio END,
       avatar_url = CASE WHEN :set_avatar_url THEN :avatar_url ELSE avatar_url END,
       profile_public = CASE WHEN :set_profile_public THEN :profile_public
                             ELSE profile_public END,
       allow_contact = CASE WHEN :set_allow_contact THEN :allow_contact ELSE allow_contact END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;

-- name: manage-user!
-- What only an admin changes on an account: role, is_active, is_verified (:set_<column> flags).
UPDATE users
   SET role = CASE WHEN :set_role THEN :role ELSE role END,
       is_active = CASE WHEN :set_is_active THEN :is_active ELSE is_active END,
       is_verified = CASE WHEN :set_is_verified THEN :is_verified ELSE is_verified END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;

-- name: bump-published-scenarios!
-- published_scenarios moved by :delta (+1 published, -1 unpublished or deleted), in the
-- transaction of the change and decided under its scenario's row lock: one increment, exact
-- under concurrent changes, and it takes no lock on other rows (a recount would, and deadlock).
UPDATE users
   SET published_scenarios = COALESCE(published_scenarios, 0) + :delta
 WHERE id = :id;

-- name: bump-reputation!
-- reputation_score moved by :delta: a review's stars for its scenario's creator, a helpful
-- vote for the review's author (and back when they go).
UPDATE users
   SET reputation_score = COALESCE(reputation_score, 0) + :delta
 WHERE id = :id;

-- name: refresh-published-scenarios!
-- published_scenarios recounted from the rows, after lock-user (the admin's repair).
UPDATE users
   SET published_scenarios = (SELECT COUNT(*)
                                FROM scenarios
                               WHERE created_by = :id AND is_public)
 WHERE id = :id;

-- name: refresh-reputation!
-- reputation_score recounted from the rows: the stars of every review of the user's scenarios
-- plus the helpful votes on the user's own reviews. After lock-user (the admin's repair).
UPDATE users
   SET reputation_score = (SELECT COALESCE(SUM(r.rating), 0)
                             FROM scenario_reviews r
                             JOIN scenarios s ON s.id = r.scenario_id
                            WHERE s.created_by = :id)
                        + (SELECT COALESCE(SUM(helpful_count), 0)
                             FROM scenario_reviews
                            WHERE reviewer_id = :id)
 WHERE id = :id;

-- name: refresh-total-simulations!
-- total_simulations recounted from user_progress (the simulations the user started); the
-- simulation routes run it after lock-user when they add or remove a progress row.
UPDATE users
   SET total_simulations = (SELECT COUNT(*) FROM user_progress WHERE user_id = :id)
 WHERE id = :id;

-- name: set-password-hash!
-- A stored hash replaced by a stronger one after a login (the hasher's parameters went up).
UPDATE users
   SET password_hash = :password_hash
 WHERE id = :id;

-- name: get-own-user^
-- One account's whole profile by id (its owner's view; an update's read-back).
SELECT id, email, full_name, username, bio, avatar_url, role, published_scenarios,
       total_simulations, reputation_score, profile_public, allow_contact, is_active,
       is_verified, created_at, updated_at
  FROM users
 WHERE id = :id;
