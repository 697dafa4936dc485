-- Schema of the chat database on mysql, as the server's catalog shows it.

CREATE TABLE ai_chats (
    id char(36) NOT NULL DEFAULT (uuid()),
    user_id int,
    title varchar(100) DEFAULT '新對話',
    model varchar(50) DEFAULT 'claude-sonnet',
    prompt_name varchar(50) DEFAULT 'default',
    messages json DEFAULT (json_array()),
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT ai_chats_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_ai_chats_updated_at ON ai_chats (updated_at DESC);
CREATE INDEX idx_ai_chats_user_id ON ai_chats (user_id);

CREATE TABLE users (
    id int NOT NULL auto_increment,
    username varchar(100) NOT NULL,
    display_name varchar(100),
    created_at datetime(6) DEFAULT current_timestamp(6),
    last_login_at datetime(6),
    PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_users_username ON users (username);
