-- Schema of the tutor database on postgres, as the server's catalog shows it.

CREATE TABLE approved_cards (
    id integer DEFAULT nextval('approved_cards_id_seq'::regclass) NOT NULL,
    profile_id text NOT NULL,
    card_type text NOT NULL,
    content jsonb NOT NULL,
    approved_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT approved_cards_pkey PRIMARY KEY (id),
    CONSTRAINT approved_cards_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
);
CREATE INDEX idx_approved_cards_profile ON approved_cards (profile_id);

CREATE TABLE audit_log (
    id integer DEFAULT nextval('audit_log_id_seq'::regclass) NOT NULL,
    table_name text NOT NULL,
    record_id text NOT NULL,
    action text NOT NULL,
    old_value jsonb,
    new_value jsonb,
    changed_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    changed_by text,
    CONSTRAINT audit_log_pkey PRIMARY KEY (id)
);
CREATE INDEX idx_audit_log_table ON audit_log (table_name);
CREATE INDEX idx_audit_log_timestamp ON audit_log (changed_at);

CREATE TABLE chat_messages (
    id integer DEFAULT nextval('chat_messages_id_seq'::regclass) NOT NULL,
    profile_id text NOT NULL,
    role text NOT NULL,
    content text NOT NULL,
    timestamp timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT chat_messages_pkey PRIMARY KEY (id),
    CONSTRAINT chat_messages_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
);
CREATE INDEX idx_chat_messages_profile ON chat_messages (profile_id);
CREATE INDEX idx_chat_messages_timestamp ON chat_messages ("timestamp");

CREATE TABLE mastered_grammar (
    id integer DEFAULT nextval('mastered_grammar_id_seq'::regclass) NOT NULL,
    profile_id text NOT NULL,
    grammar_uri text NOT NULL,
    added_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT mastered_grammar_pkey PRIMARY KEY (id),
    CONSTRAINT mastered_grammar_profile_id_grammar_uri_key UNIQUE (profile_id, grammar_uri),
    CONSTRAINT mastered_grammar_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
);
CREATE INDEX idx_mastered_grammar_profile ON mastered_grammar (profile_id);

CREATE TABLE mastered_words (
    id integer DEFAULT nextval('mastered_words_id_seq'::regclass) NOT NULL,
    profile_id text NOT NULL,
    word text NOT NULL,
    language text NOT NULL,
    added_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT mastered_words_pkey PRIMARY KEY (id),
    CONSTRAINT mastered_words_profile_id_word_language_key UNIQUE (profile_id, word, language),
    CONSTRAINT mastered_words_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
);
CREATE INDEX idx_mastered_words_language ON mastered_words (language);
CREATE INDEX idx_mastered_words_profile ON mastered_words (profile_id);

CREATE TABLE profiles (
    id text NOT NULL,
    name text NOT NULL,
    dob text,
    gender text,
    address text,
    school text,
    neighborhood text,
    interests jsonb,
    character_roster jsonb,
    verbal_fluency text,
    passive_language_level text,
    mental_age real,
    raw_input text,
    extracted_data jsonb,
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT profiles_pkey PRIMARY KEY (id)
);
