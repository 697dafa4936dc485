-- Undo tutor-0003.create-mastered-grammar: its statements in reverse, one for one.

DROP INDEX idx_mastered_grammar_profile;

DROP TABLE mastered_grammar;
