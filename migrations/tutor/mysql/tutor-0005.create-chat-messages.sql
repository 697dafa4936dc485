-- Create chat_messages: seed 001's chat history table (its DDL creates chat_messages) translated for MySQL / MariaDB / TiDB.
-- depends: tutor-0004.create-approved-cards

-- The section heading says chat_history but its DDL creates chat_messages: the DDL wins.
-- AUTOINCREMENT -> INT AUTO_INCREMENT; role and content (not indexed) TEXT -> LONGTEXT; the
-- column timestamp keeps its name (TIMESTAMP is a non-reserved word in MySQL, MariaDB and TiDB)
-- and becomes DATETIME(6). The foreign key carries PostgreSQL's default name and its index
-- idx_chat_messages_profile is declared in the table.
CREATE TABLE chat_messages (
    id INT AUTO_INCREMENT PRIMARY KEY,
    profile_id VARCHAR(255) NOT NULL,
    role LONGTEXT NOT NULL,  -- 'user' or 'assistant'
    content LONGTEXT NOT NULL,
    timestamp DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    INDEX idx_chat_messages_profile (profile_id),
    CONSTRAINT chat_messages_profile_id_fkey FOREIGN KEY (profile_id) REFERENCES profiles(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_chat_messages_timestamp ON chat_messages(timestamp);
