-- Create users: accounts, roles and community stats (seed 003, Users Table), DDL and indexes as the document writes them.
-- depends:

CREATE TABLE users (
    id SERIAL PRIMARY KEY,
    email VARCHAR UNIQUE NOT NULL,
    full_name VARCHAR,
    username VARCHAR UNIQUE NOT NULL,
    password_hash VARCHAR NOT NULL,
    bio TEXT,
    avatar_url VARCHAR,
    role VARCHAR DEFAULT 'user', -- admin, teacher, student, user

    -- Community stats
    published_scenarios INTEGER DEFAULT 0,
    total_simulations INTEGER DEFAULT 0,
    reputation_score FLOAT DEFAULT 0.0,

    -- Settings
    profile_public BOOLEAN DEFAULT TRUE,
    allow_contact BOOLEAN DEFAULT TRUE,

    -- Account status
    is_active BOOLEAN DEFAULT TRUE,
    is_verified BOOLEAN DEFAULT FALSE,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

CREATE INDEX idx_users_email ON users(email);

CREATE INDEX idx_users_username ON users(username);

CREATE INDEX idx_users_role ON users(role);

CREATE INDEX idx_users_created_at ON users(created_at);
