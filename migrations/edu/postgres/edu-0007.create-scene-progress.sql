-- Create scene_progress: per-scene state of a run (seed 003, Scene Progress Table), DDL as the document writes it.
-- depends: edu-0006.create-user-progress

CREATE TABLE scene_progress (
    id SERIAL PRIMARY KEY,
    user_progress_id INTEGER REFERENCES user_progress(id) ON DELETE CASCADE,
    scene_id INTEGER REFERENCES scenario_scenes(id) ON DELETE CASCADE,

    -- Scene completion
    status VARCHAR DEFAULT 'not_started', -- not_started, in_progress, completed, skipped
    started_at TIMESTAMP WITH TIME ZONE,
    completed_at TIMESTAMP WITH TIME ZONE,
    time_spent INTEGER DEFAULT 0, -- Time in seconds

    -- Interaction metrics
    turns_taken INTEGER DEFAULT 0,
    hints_used INTEGER DEFAULT 0,
    goal_achieved BOOLEAN DEFAULT FALSE,

    -- Performance data
    completion_score FLOAT, -- 0.0 to 1.0
    feedback_data JSONB, -- Detailed feedback and assessment

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
