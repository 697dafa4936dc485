-- Create scenarios: the simulations users author and share (seed 003, Scenarios Table), DDL and indexes as the document writes them.
-- depends: edu-0001.create-users

CREATE TABLE scenarios (
    id SERIAL PRIMARY KEY,
    title VARCHAR NOT NULL,
    description TEXT,
    challenge TEXT,
    industry VARCHAR,
    learning_objectives JSONB, -- Array of learning objectives

    -- Source information
    source_type VARCHAR DEFAULT 'manual', -- manual, pdf_upload, template
    pdf_content TEXT,

    -- Publishing metadata
    student_role VARCHAR,
    category VARCHAR,
    difficulty_level VARCHAR,
    estimated_duration INTEGER,
    tags JSONB, -- Array of tags

    -- PDF processing metadata
    pdf_title VARCHAR,
    pdf_source VARCHAR,
    processing_version VARCHAR DEFAULT '1.0',

    -- Community ratings
    rating_avg FLOAT DEFAULT 0.0,
    rating_count INTEGER DEFAULT 0,

    -- Sharing settings
    is_public BOOLEAN DEFAULT FALSE,
    is_template BOOLEAN DEFAULT FALSE,
    allow_remixes BOOLEAN DEFAULT TRUE,

    -- Usage tracking
    usage_count INTEGER DEFAULT 0,
    clone_count INTEGER DEFAULT 0,

    -- Ownership
    created_by INTEGER REFERENCES users(id),

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);

CREATE INDEX idx_scenarios_title ON scenarios(title);

CREATE INDEX idx_scenarios_industry ON scenarios(industry);

CREATE INDEX idx_scenarios_is_public ON scenarios(is_public);

CREATE INDEX idx_scenarios_created_by ON scenarios(created_by);

CREATE INDEX idx_scenarios_rating_avg ON scenarios(rating_avg);

CREATE INDEX idx_scenarios_created_at ON scenarios(created_at);
