-- Create conversation_logs: every message of a simulation (seed 003, Conversation Logs Table), DDL as the document writes it.
-- depends: edu-0007.create-scene-progress

CREATE TABLE conversation_logs (
    id SERIAL PRIMARY KEY,
    user_progress_id INTEGER REFERENCES user_progress(id) ON DELETE CASCADE,
    scene_id INTEGER REFERENCES scenario_scenes(id) ON DELETE CASCADE,

    -- Message details
    message_type VARCHAR NOT NULL, -- user_message, ai_persona, system_message
    sender_name VARCHAR, -- Name of the persona or user
    message_content TEXT NOT NULL,

    -- Context information
    turn_number INTEGER,
    persona_id INTEGER REFERENCES scenario_personas(id),

    -- Metadata
    processing_time FLOAT, -- Time taken to generate response
    token_count INTEGER, -- Number of tokens used
    model_used VARCHAR, -- AI model used for generation

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
