-- Create approved_cards: learning cards approved for a profile (seed 001, `approved_cards`).
-- depends: tutor-0003.create-mastered-grammar

-- AUTOINCREMENT -> SERIAL as in tutor-0002; content, commented "JSON object", becomes JSONB
-- and keeps its NOT NULL. The foreign key is named approved_cards_profile_id_fkey by PostgreSQL.
CREATE TABLE approved_cards (
    id SERIAL PRIMARY KEY,
    profile_id TEXT NOT NULL,
    card_type TEXT NOT NULL,
    content JSONB NOT NULL,  -- JSON object
    approved_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
);

CREATE INDEX idx_approved_cards_profile ON approved_cards(profile_id);
