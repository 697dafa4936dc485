-- name: insert-grammar-if-absent!
-- A grammar point, unless the profile already has it: 1 added, 0 already there.
INSERT INTO mastered_grammar (profile_id, grammar_uri, added_at)
VALUES (:profile_id, :grammar_uri, COALESCE(:added_at, CURRENT_TIMESTAMP(6)))
    ON CONFLICT (profile_id, grammar_uri) DO NOTHING;
