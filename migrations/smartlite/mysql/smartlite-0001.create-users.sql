-- Create users: user accounts (seed 002, `users`), the document's table rendered for MySQL 8.0.
-- depends:

-- The document lists columns and types only. Read as: NOT NULL on the key, on email, username
-- and password_hash and on created_at/updated_at, every other column nullable; is_active
-- defaults to TRUE, is_verified to FALSE; created_at to CURRENT_TIMESTAMP, updated_at too and
-- ON UPDATE CURRENT_TIMESTAMP. A nullable TIMESTAMP is written NULL explicitly: on a server with
-- explicit_defaults_for_timestamp=OFF it would otherwise become NOT NULL with a magic default.
-- utf8mb4_unicode_ci (case-insensitive, so 'Bob@x.io' and 'bob@x.io' collide on the UNIQUE as
-- on the document's server): MySQL 8's default utf8mb4_0900_ai_ci does not exist on MariaDB
-- 10.11, and this is the closest collation MySQL, MariaDB and TiDB all accept. The UNIQUE keys
-- carry PostgreSQL's default names so a conflict names the same constraint on both engines.
CREATE TABLE users (
    id VARCHAR(128) NOT NULL,                 -- CUID2
    email VARCHAR(255) NOT NULL,
    username VARCHAR(100) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    first_name VARCHAR(100),
    last_name VARCHAR(100),
    avatar TEXT,                              -- avatar URL
    is_active BOOLEAN DEFAULT TRUE,
    is_verified BOOLEAN DEFAULT FALSE,        -- email verified
    last_login_at TIMESTAMP NULL,
    created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
