-- Undo tutor-0002.create-mastered-words: its statements in reverse, one for one.

DROP INDEX idx_mastered_words_language;

DROP INDEX idx_mastered_words_profile;

DROP TABLE mastered_words;
