-- Create mastered_grammar: seed 001's mastered_grammar table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: tutor-0002.create-mastered-words

-- AUTOINCREMENT -> INT AUTO_INCREMENT. The UNIQUE's two columns fit InnoDB's 3072-byte key:
-- profile_id VARCHAR(255) + grammar_uri VARCHAR(512) = 767 utf8mb4 characters. Constraints
-- carry PostgreSQL's default names; the foreign key's index idx_mastered_grammar_profile is
-- declared in the table (MySQL will not drop it while the key exists).
CREATE TABLE mastered_grammar (
    id INT AUTO_INCREMENT PRIMARY KEY,
    profile_id VARCHAR(255) NOT NULL,
    grammar_uri VARCHAR(512) NOT NULL,
    added_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    INDEX idx_mastered_grammar_profile (profile_id),
    CONSTRAINT mastered_grammar_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE,
    CONSTRAINT mastered_grammar_profile_id_grammar_uri_key UNIQUE (profile_id, grammar_uri)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
