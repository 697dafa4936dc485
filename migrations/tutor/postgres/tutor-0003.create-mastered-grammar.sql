-- Create mastered_grammar: grammar points a profile has mastered (seed 001, `mastered_grammar`).
-- depends: tutor-0002.create-mastered-words

-- AUTOINCREMENT -> SERIAL as in tutor-0002; PostgreSQL names the unnamed constraints
-- mastered_grammar_profile_id_fkey and mastered_grammar_profile_id_grammar_uri_key.
CREATE TABLE mastered_grammar (
    id SERIAL PRIMARY KEY,
    profile_id TEXT NOT NULL,
    grammar_uri TEXT NOT NULL,
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE,
    UNIQUE(profile_id, grammar_uri)
);

CREATE INDEX idx_mastered_grammar_profile ON mastered_grammar(profile_id);
