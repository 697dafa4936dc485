-- Create mastered_words: words a profile has mastered, per language (seed 001, `mastered_words`).
-- depends: tutor-0001.create-profiles

-- SQLite's INTEGER PRIMARY KEY AUTOINCREMENT becomes SERIAL PRIMARY KEY (a sequence never
-- hands out an id twice, as AUTOINCREMENT promises). The foreign key and the UNIQUE stay
-- unnamed as the document writes them: PostgreSQL names them mastered_words_profile_id_fkey
-- and mastered_words_profile_id_word_language_key, the names the MySQL files give them too.
-- The comment 'zh' or 'en' is kept as a comment, not made a CHECK: the document does not
-- constrain the column.
CREATE TABLE mastered_words (
    id SERIAL PRIMARY KEY,
    profile_id TEXT NOT NULL,
    word TEXT NOT NULL,
    language TEXT NOT NULL,  -- 'zh' or 'en'
    added_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE,
    UNIQUE(profile_id, word, language)
);

CREATE INDEX idx_mastered_words_profile ON mastered_words(profile_id);

CREATE INDEX idx_mastered_words_language ON mastered_words(language);
