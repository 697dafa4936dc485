-- Create chat_messages: a profile's chat history (seed 001, section `chat_history`, whose DDL creates chat_messages).
-- depends: tutor-0004.create-approved-cards

-- The section heading says chat_history but its DDL creates chat_messages and names its
-- indexes after it: the DDL wins. AUTOINCREMENT -> SERIAL as in tutor-0002; the comment
-- 'user' or 'assistant' stays a comment (no CHECK: the document does not constrain role).
-- The column is called timestamp as written (a non-reserved word on both engines).
CREATE TABLE chat_messages (
    id SERIAL PRIMARY KEY,
    profile_id TEXT NOT NULL,
    role TEXT NOT NULL,  -- 'user' or 'assistant'
    content TEXT NOT NULL,
    timestamp TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
);

CREATE INDEX idx_chat_messages_profile ON chat_messages(profile_id);

CREATE INDEX idx_chat_messages_timestamp ON chat_messages(timestamp);
