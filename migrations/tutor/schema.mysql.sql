-- Schema of the tutor database on mysql, as the server's catalog shows it.

CREATE TABLE approved_cards (
    id int NOT NULL auto_increment,
    profile_id varchar(255) NOT NULL,
    card_type longtext NOT NULL,
    content json NOT NULL,
    approved_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT approved_cards_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_approved_cards_profile ON approved_cards (profile_id);

CREATE TABLE audit_log (
    id int NOT NULL auto_increment,
    table_name varchar(255) NOT NULL,
    record_id longtext NOT NULL,
    action longtext NOT NULL,
    old_value json,
    new_value json,
    changed_at datetime(6) DEFAULT current_timestamp(6),
    changed_by longtext,
    PRIMARY KEY (id)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_audit_log_table ON audit_log (table_name);
CREATE INDEX idx_audit_log_timestamp ON audit_log (changed_at);

CREATE TABLE chat_messages (
    id int NOT NULL auto_increment,
    profile_id varchar(255) NOT NULL,
    role longtext NOT NULL,
    content longtext NOT NULL,
    timestamp datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT chat_messages_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_chat_messages_profile ON chat_messages (profile_id);
CREATE INDEX idx_chat_messages_timestamp ON chat_messages (timestamp);

CREATE TABLE mastered_grammar (
    id int NOT NULL auto_increment,
    profile_id varchar(255) NOT NULL,
    grammar_uri varchar(512) NOT NULL,
    added_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT mastered_grammar_profile_id_grammar_uri_key UNIQUE (profile_id, grammar_uri),
    CONSTRAINT mastered_grammar_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_mastered_grammar_profile ON mastered_grammar (profile_id);

CREATE TABLE mastered_words (
    id int NOT NULL auto_increment,
    profile_id varchar(255) NOT NULL,
    word varchar(448) NOT NULL,
    language varchar(64) NOT NULL,
    added_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT mastered_words_profile_id_word_language_key UNIQUE (profile_id, word, language),
    CONSTRAINT mastered_words_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_mastered_words_language ON mastered_words (language);
CREATE INDEX idx_mastered_words_profile ON mastered_words (profile_id);

CREATE TABLE profiles (
    id varchar(255) NOT NULL,
    name longtext NOT NULL,
    dob longtext,
    gender longtext,
    address longtext,
    school longtext,
    neighborhood longtext,
    interests json,
    character_roster json,
    verbal_fluency longtext,
    passive_language_level longtext,
    mental_age float,
    raw_input longtext,
    extracted_data json,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
