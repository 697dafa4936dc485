-- Create mastered_words: seed 001's mastered_words table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: tutor-0001.create-profiles

-- AUTOINCREMENT -> INT AUTO_INCREMENT (the PostgreSQL side's SERIAL, same 32-bit range).
-- The three columns of the UNIQUE must fit InnoDB's 3072-byte key (768 utf8mb4 characters):
-- profile_id VARCHAR(255) as profiles.id, word VARCHAR(448), language VARCHAR(64) make 767.
-- The constraints carry PostgreSQL's default names so a conflict names the same constraint on
-- both engines. idx_mastered_words_profile is declared in the table: its first column is the
-- foreign key's, and MySQL will not drop an index a foreign key needs, so it goes with the
-- table (one undo statement per statement, see the rollback file).
CREATE TABLE mastered_words (
    id INT AUTO_INCREMENT PRIMARY KEY,
    profile_id VARCHAR(255) NOT NULL,
    word VARCHAR(448) NOT NULL,
    language VARCHAR(64) NOT NULL,  -- 'zh' or 'en'
    added_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    INDEX idx_mastered_words_profile (profile_id),
    CONSTRAINT mastered_words_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE,
    CONSTRAINT mastered_words_profile_id_word_language_key UNIQUE (profile_id, word, language)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_mastered_words_language ON mastered_words(language);
