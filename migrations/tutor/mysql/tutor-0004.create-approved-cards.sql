-- Create approved_cards: seed 001's approved_cards table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: tutor-0003.create-mastered-grammar

-- AUTOINCREMENT -> INT AUTO_INCREMENT; card_type (not indexed) TEXT -> LONGTEXT; content,
-- commented "JSON object", -> JSON NOT NULL. The foreign key carries PostgreSQL's default name
-- and its index idx_approved_cards_profile is declared in the table.
CREATE TABLE approved_cards (
    id INT AUTO_INCREMENT PRIMARY KEY,
    profile_id VARCHAR(255) NOT NULL,
    card_type LONGTEXT NOT NULL,
    content JSON NOT NULL,  -- JSON object
    approved_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    INDEX idx_approved_cards_profile (profile_id),
    CONSTRAINT approved_cards_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
