-- A child's learning profile (seed 001, profiles): the tenant every other table hangs off.
-- interests, character_roster and extracted_data are JSON; dob is YYYY-MM-DD text.

-- name: get-profile^
-- One profile by id.
SELECT id, name, dob, gender, address, school, neighborhood, interests, character_roster,
       verbal_fluency, passive_language_level, mental_age, raw_input, extracted_data,
       created_at, updated_at
  FROM profiles
 WHERE id = :id;

-- name: lock-profile^
-- One profile, row-locked until the transaction ends: an update or delete reads the row it
-- replaces (for the trail and for If-Match) and nothing can change it in between.
SELECT id, name, dob, gender, address, school, neighborhood, interests, character_roster,
       verbal_fluency, passive_language_level, mental_age, raw_input, extracted_data,
       created_at, updated_at
  FROM profiles
 WHERE id = :id
   FOR UPDATE;

-- name: lock-profile-id$
-- A profile's id, row-locked until the transaction ends: every change under a profile takes
-- this first, so a delete's trail sees every row its cascade removes, and the adds of one
-- profile run one after another.
SELECT id
  FROM profiles
 WHERE id = :id
   FOR UPDATE;

-- name: list-profiles
-- Every profile (admin), newest first, one keyset page after (:before_created_at, :before_id).
SELECT id, name, dob, gender, address, school, neighborhood, interests, character_roster,
       verbal_fluency, passive_language_level, mental_age, raw_input, extracted_data,
       created_at, updated_at
  FROM profiles
 WHERE created_at < :before_created_at
    OR (created_at = :before_created_at AND id < :before_id)
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-profile-ids
-- Every profile id, in id order (the export walks them).
SELECT id
  FROM profiles
 ORDER BY id;

-- name: insert-profile!
-- A new profile; a taken id is refused by profiles_pkey. created_at and updated_at take the
-- values given (an import keeps the file's), else now.
INSERT INTO profiles (id, name, dob, gender, address, school, neighborhood, interests,
                      character_roster, verbal_fluency, passive_language_level, mental_age,
                      raw_input, extracted_data, created_at, updated_at)
VALUES (:id, :name, :dob, :gender, :address, :school, :neighborhood, :interests,
        :character_roster, :verbal_fluency, :passive_language_level, :mental_age,
        :raw_input, :extracted_data,
        COALESCE(:created_at, CURRENT_TIMESTAMP(6)), COALESCE(:updated_at, CURRENT_TIMESTAMP(6)));

-- name: update-profile!
-- A partial update: a column changes only when its :set_<column> flag is true, so null clears
-- it and an absent field keeps it. updated_at moves to :updated_at, else now.
UPDATE profiles
   SET name = CASE WHEN :set_name THEN :name ELSE name END,
       dob = CASE WHEN :set_dob THEN :dob ELSE dob END,
       gender = CASE WHEN :set_gender THEN :gender ELSE gender END,
       address = CASE WHEN :set_address THEN :address ELSE address END,
       school = CASE WHEN :set_school THEN :school ELSE school END,
       neighborhood = CASE WHEN :set_neighborhood THEN :neighborhood ELSE neighborhood END,
       interests = CASE WHEN :set_interests THEN :interests ELSE interests END,
       character_roster = CASE WHEN :set_character_roster THEN :character_roster
                               ELSE character_roster END,
       verbal_fluency = CASE WHEN :set_verbal_fluency THEN :verbal_fluency
                             ELSE verbal_fluency END,
       passive_language_level = CASE WHEN :set_passive_language_level
                                     THEN :passive_language_level
                                     ELSE passive_language_level END,
       mental_age = CASE WHEN :set_mental_age THEN :mental_age ELSE mental_age END,
       raw_input = CASE WHEN :set_raw_input THEN :raw_input ELSE raw_input END,
       extracted_data = CASE WHEN :set_extracted_data THEN :extracted_data
                             ELSE extracted_data END,
       created_at = CASE WHEN :set_created_at THEN :created_at ELSE created_at END,
       updated_at = COALESCE(:updated_at, CURRENT_TIMESTAMP(6))
 WHERE id = :id;

-- name: delete-profile!
-- Removes a profile; the schema's cascades remove its words, grammar, cards and messages
-- (the caller has written their trail first: audit-cascade-*).
DELETE FROM profiles
 WHERE id = :id;

-- name: count-profile-rows^
-- How many rows a profile holds in each table (the import's report and the delete's trail).
SELECT (SELECT COUNT(*) FROM mastered_words WHERE profile_id = :id) AS mastered_words,
       (SELECT COUNT(*) FROM mastered_grammar WHERE profile_id = :id) AS mastered_grammar,
       (SELECT COUNT(*) FROM approved_cards WHERE profile_id = :id) AS approved_cards,
       (SELECT COUNT(*) FROM chat_messages WHERE profile_id = :id) AS chat_messages;
