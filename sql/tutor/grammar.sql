-- Grammar points a child has mastered (seed 001, mastered_grammar): UNIQUE (profile_id,
-- grammar_uri).

-- name: get-grammar^
-- One grammar point of a profile by its key (read back after an insert-if-absent).
SELECT id, profile_id, grammar_uri, added_at
  FROM mastered_grammar
 WHERE profile_id = :profile_id
   AND grammar_uri = :grammar_uri;

-- name: lock-grammar^
-- One grammar point of a profile by id, row-locked (its delete writes the trail first).
SELECT id, profile_id, grammar_uri, added_at
  FROM mastered_grammar
 WHERE id = :id
   AND profile_id = :profile_id
   FOR UPDATE;

-- name: list-grammar
-- A profile's grammar points, newest first, one keyset page.
SELECT id, profile_id, grammar_uri, added_at
  FROM mastered_grammar
 WHERE profile_id = :profile_id
   AND (added_at < :before_added_at
        OR (added_at = :before_added_at AND id < :before_id))
 ORDER BY added_at DESC, id DESC
 LIMIT :limit;

-- name: all-grammar
-- Every grammar point of a profile in the order it was added (the export).
SELECT id, profile_id, grammar_uri, added_at
  FROM mastered_grammar
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: delete-grammar!
-- Removes one grammar point of a profile.
DELETE FROM mastered_grammar
 WHERE id = :id
   AND profile_id = :profile_id;
