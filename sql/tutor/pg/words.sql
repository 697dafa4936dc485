-- name: insert-word-if-absent!
-- A word, unless the profile already has it: 1 added, 0 already there. ON CONFLICT makes two
-- concurrent adds of the same word one row and no error (the second waits, then does nothing).
INSERT INTO mastered_words (profile_id, word, language, added_at)
VALUES (:profile_id, :word, :language, COALESCE(:added_at, CURRENT_TIMESTAMP(6)))
    ON CONFLICT (profile_id, word, language) DO NOTHING;
