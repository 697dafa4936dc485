-- Create user_progress: a user's run through a scenario (seed 003, User Progress Table), DDL as the document writes it.
-- depends: edu-0005.create-scene-personas

CREATE TABLE user_progress (
    id SERIAL PRIMARY KEY,
    user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    scenario_id INTEGER REFERENCES scenarios(id) ON DELETE CASCADE,
    current_scene_id INTEGER REFERENCES scenario_scenes(id),

    -- Progress tracking
    status VARCHAR DEFAULT 'in_progress', -- in_progress, completed, paused, abandoned
    started_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    completed_at TIMESTAMP WITH TIME ZONE,
    total_time_spent INTEGER DEFAULT 0, -- Total time in seconds

    -- Simulation state
    current_turn INTEGER DEFAULT 0,
    total_turns INTEGER DEFAULT 0,
    hints_used INTEGER DEFAULT 0,

    -- Performance metrics
    scenes_completed INTEGER DEFAULT 0,
    total_scenes INTEGER,
    completion_percentage FLOAT DEFAULT 0.0,

    -- AI interaction data
    orchestrator_data JSONB, -- ChatOrchestrator state
    conversation_summary TEXT,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
