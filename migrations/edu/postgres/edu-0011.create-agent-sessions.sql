-- Create agent_sessions: one AI agent's session within a run (seed 003, Agent Sessions Table), DDL as the document writes it.
-- depends: edu-0010.create-conversation-summaries

CREATE TABLE agent_sessions (
    id SERIAL PRIMARY KEY,
    session_id VARCHAR UNIQUE NOT NULL,
    user_progress_id INTEGER REFERENCES user_progress(id) ON DELETE CASCADE,

    -- Agent configuration
    agent_type VARCHAR NOT NULL, -- persona, summarization, grading
    agent_id VARCHAR, -- Specific agent identifier
    session_config JSONB, -- Agent-specific configuration

    -- Session state
    status VARCHAR DEFAULT 'active', -- active, paused, completed, error
    started_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    last_activity TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

    -- Performance metrics
    total_interactions INTEGER DEFAULT 0,
    average_response_time FLOAT,
    error_count INTEGER DEFAULT 0,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
