-- Resets and counts of the tutor workload, the same on both engines.

-- name: delete-added-words!
-- What the addword endpoint added during a run: its words are new-NNNN, no seeded word is.
DELETE FROM mastered_words
 WHERE word LIKE 'new-%';

-- name: delete-trail!
-- The trail the addword endpoint wrote (seeding writes none).
DELETE FROM audit_log;

-- name: count-profiles$
SELECT COUNT(*) FROM profiles;

-- name: count-words$
SELECT COUNT(*) FROM mastered_words;

-- name: delete-imported!
-- What a timed import added (the sample set's ids are kid-NNNN, no seeded id is); the cascades
-- take their words, grammar, cards and messages.
DELETE FROM profiles
 WHERE id LIKE 'kid-%';
