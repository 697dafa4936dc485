-- Create users: seed 004's users table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends:

-- SERIAL -> INT AUTO_INCREMENT (MySQL's own SERIAL is BIGINT UNSIGNED, a different type);
-- TIMESTAMP -> DATETIME(6) holding UTC; the UNIQUE key carries PostgreSQL's name for it so a
-- conflict names the same constraint on both engines; utf8mb4_bin compares like PostgreSQL
-- (case- and accent-sensitive), so 'Alice' and 'alice' are two usernames on both.
CREATE TABLE users (
    id INT AUTO_INCREMENT PRIMARY KEY,
    username VARCHAR(100) NOT NULL,          -- NAS 帳號
    display_name VARCHAR(100),               -- 顯示名稱
    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),  -- 首次登入時間
    last_login_at DATETIME(6),               -- 最後登入時間
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_users_username ON users(username);
