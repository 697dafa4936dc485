-- Words a child has mastered (seed 001, mastered_words): UNIQUE (profile_id, word, language).

-- name: get-word^
-- One word of a profile by its key (read back after an insert-if-absent).
SELECT id, profile_id, word, language, added_at
  FROM mastered_words
 WHERE profile_id = :profile_id
   AND word = :word
   AND language = :language;

-- name: lock-word^
-- One word of a profile by id, row-locked (its delete writes the row to the trail first).
SELECT id, profile_id, word, language, added_at
  FROM mastered_words
 WHERE id = :id
   AND profile_id = :profile_id
   FOR UPDATE;

-- name: list-words
-- A profile's words, newest first, one keyset page; :language NULL means every language.
SELECT id, profile_id, word, language, added_at
  FROM mastered_words
 WHERE profile_id = :profile_id
   AND (language = :language OR :language IS NULL)
   AND (added_at < :before_added_at
        OR (added_at = :before_added_at AND id < :before_id))
 ORDER BY added_at DESC, id DESC
 LIMIT :limit;

-- name: all-words
-- Every word of a profile in the order it was added (the export).
SELECT id, profile_id, word, language, added_at
  FROM mastered_words
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: delete-word!
-- Removes one word of a profile.
DELETE FROM mastered_words
 WHERE id = :id
   AND profile_id = :profile_id;
