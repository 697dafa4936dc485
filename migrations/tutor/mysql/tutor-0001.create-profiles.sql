-- Create profiles: seed 001's profiles table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends:

-- id (the key every profile_id references) TEXT -> VARCHAR(255): MySQL cannot index unbounded
-- TEXT, and 255 leaves room in the composite keys of mastered_words and mastered_grammar within
-- InnoDB's 3072-byte limit (utf8mb4, 4 bytes a character). This table's other TEXT -> LONGTEXT, so no
-- value PostgreSQL accepts is refused (TEXT caps at 64 KB). The columns the document comments
-- as JSON -> JSON (PostgreSQL has JSONB). REAL -> FLOAT (both 4-byte floats). TIMESTAMP DEFAULT
-- CURRENT_TIMESTAMP -> DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6): microseconds as PostgreSQL's
-- timestamp, UTC as every service session; updated_at stays a plain default (no ON UPDATE: the
-- document has none). utf8mb4_bin compares case- and accent-sensitively like PostgreSQL, so
-- 'Ann' and 'ann' are two ids, but it is PAD SPACE: 'ann' and 'ann ' are the same key here.
CREATE TABLE profiles (
    id VARCHAR(255) PRIMARY KEY,
    name LONGTEXT NOT NULL,
    dob LONGTEXT,
    gender LONGTEXT,
    address LONGTEXT,
    school LONGTEXT,
    neighborhood LONGTEXT,
    interests JSON,  -- JSON array
    character_roster JSON,  -- JSON array
    verbal_fluency LONGTEXT,
    passive_language_level LONGTEXT,
    mental_age FLOAT,
    raw_input LONGTEXT,
    extracted_data JSON,  -- JSON object
    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
