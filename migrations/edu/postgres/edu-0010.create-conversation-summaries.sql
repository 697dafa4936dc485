-- Create conversation_summaries: summaries of a run's conversation (seed 003, Conversation Summaries Table), DDL as the document writes it.
-- depends: edu-0009.create-session-memory

CREATE TABLE conversation_summaries (
    id SERIAL PRIMARY KEY,
    session_id VARCHAR NOT NULL,
    user_progress_id INTEGER REFERENCES user_progress(id) ON DELETE CASCADE,

    -- Summary content
    summary_type VARCHAR NOT NULL, -- scene_summary, progress_summary, key_points
    content TEXT NOT NULL,
    key_points JSONB, -- Array of key points extracted

    -- Context
    scene_id INTEGER REFERENCES scenario_scenes(id),
    turn_range_start INTEGER,
    turn_range_end INTEGER,

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
