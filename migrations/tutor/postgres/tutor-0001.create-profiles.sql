-- Create profiles: a child's learning profile (seed 001, `profiles`), DDL as the document writes it for PostgreSQL.
-- depends:

-- The document's DDL is SQLite-flavoured with PostgreSQL as its target. TEXT PRIMARY KEY, REAL
-- and TIMESTAMP DEFAULT CURRENT_TIMESTAMP stay as written (timestamp without time zone; the
-- service runs every session in UTC, so the default is UTC like SQLite's). The columns the
-- document comments as JSON become JSONB: its first listed problem is "no data validation" and
-- its PostgreSQL phase names JSON columns. Nothing else is added: the document marks only name
-- as NOT NULL, and updated_at is a plain default (no trigger, the document has none).
CREATE TABLE profiles (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    dob TEXT,
    gender TEXT,
    address TEXT,
    school TEXT,
    neighborhood TEXT,
    interests JSONB,  -- JSON array
    character_roster JSONB,  -- JSON array
    verbal_fluency TEXT,
    passive_language_level TEXT,
    mental_age REAL,
    raw_input TEXT,
    extracted_data JSONB,  -- JSON object
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
);
