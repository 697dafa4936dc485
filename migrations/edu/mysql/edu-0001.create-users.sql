-- Create users: seed 003's users table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends:

-- The translation every edu table shares: SERIAL -> INT AUTO_INCREMENT (MySQL's own SERIAL is
-- BIGINT UNSIGNED, a different type); VARCHAR without a length -> VARCHAR(255) (MySQL requires a
-- length; PostgreSQL's is unbounded), VARCHAR(2048) for URLs and paths that no index covers;
-- TEXT -> LONGTEXT (TEXT's 64 KB cap would refuse values PostgreSQL accepts); FLOAT (double
-- precision on PostgreSQL) -> DOUBLE; BOOLEAN -> BOOLEAN (tinyint(1)); TIMESTAMP WITH TIME ZONE
-- DEFAULT NOW() -> DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6) holding UTC (every service session
-- runs in UTC), nullable as on PostgreSQL; every UNIQUE and FOREIGN KEY carries the name
-- PostgreSQL gives it, so a conflict names the same constraint on both engines; utf8mb4_bin
-- compares like PostgreSQL (case- and accent-sensitive), so 'Alice@x.org' and 'alice@x.org'
-- are two emails on both.
CREATE TABLE users (
    id INT AUTO_INCREMENT PRIMARY KEY,
    email VARCHAR(255) NOT NULL,
    full_name VARCHAR(255),
    username VARCHAR(255) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    bio LONGTEXT,
    avatar_url VARCHAR(2048),
    role VARCHAR(255) DEFAULT 'user', -- admin, teacher, student, user

    -- Community stats
    published_scenarios INTEGER DEFAULT 0,
    total_simulations INTEGER DEFAULT 0,
    reputation_score DOUBLE DEFAULT 0.0,

    -- Settings
    profile_public BOOLEAN DEFAULT TRUE,
    allow_contact BOOLEAN DEFAULT TRUE,

    -- Account status
    is_active BOOLEAN DEFAULT TRUE,
    is_verified BOOLEAN DEFAULT FALSE,

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_users_email ON users(email);

CREATE INDEX idx_users_username ON users(username);

CREATE INDEX idx_users_role ON users(role);

CREATE INDEX idx_users_created_at ON users(created_at);
