-- Create users: people signed in through the NAS (seed 004, users 表), DDL as the document writes it.
-- depends:

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    username VARCHAR(100) UNIQUE NOT NULL,  -- NAS 帳號
    display_name VARCHAR(100),               -- 顯示名稱
    created_at TIMESTAMP DEFAULT NOW(),      -- 首次登入時間
    last_login_at TIMESTAMP                  -- 最後登入時間
);

CREATE INDEX idx_users_username ON users(username);
