-- Undo tutor-0002.create-mastered-words: its statements in reverse, one for one
-- (idx_mastered_words_profile goes with the table).

DROP INDEX idx_mastered_words_language ON mastered_words;

DROP TABLE mastered_words;
