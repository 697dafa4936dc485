-- Create session_memory: the agents' memory per session (seed 003, Session Memory Table), DDL as the document writes it.
-- depends: edu-0008.create-conversation-logs

CREATE TABLE session_memory (
    id SERIAL PRIMARY KEY,
    session_id VARCHAR UNIQUE NOT NULL,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    scenario_id INTEGER REFERENCES scenarios(id) ON DELETE CASCADE,
    scene_id INTEGER REFERENCES scenario_scenes(id),

    -- Memory content
    memory_type VARCHAR NOT NULL, -- conversation, context, summary
    content TEXT NOT NULL,
    metadata JSONB, -- Additional context and metadata

    -- Memory management
    importance_score FLOAT DEFAULT 0.5, -- 0.0 to 1.0
    access_count INTEGER DEFAULT 0,
    last_accessed TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
