-- Undo tutor-0003.create-mastered-grammar: its statement in reverse, one for one
-- (idx_mastered_grammar_profile goes with the table).

DROP TABLE mastered_grammar;
