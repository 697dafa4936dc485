-- name: insert-word-if-absent!
-- A word, unless the profile already has it: 1 added, 0 already there. IGNORE turns only the
-- duplicate key into "nothing inserted" here: the service checks lengths and text before, and
-- the profile is locked by the caller, so no other error it would hide can occur. A concurrent
-- add of the same word waits on the key, then inserts nothing.
INSERT IGNORE INTO mastered_words (profile_id, word, language, added_at)
VALUES (:profile_id, :word, :language, COALESCE(:added_at, CURRENT_TIMESTAMP(6)));
