-- Create scenario_scenes: the ordered scenes of a scenario (seed 003, Scenario Scenes Table), DDL as the document writes it.
-- depends: edu-0003.create-scenario-personas

CREATE TABLE scenario_scenes (
    id SERIAL PRIMARY KEY,
    scenario_id INTEGER REFERENCES scenarios(id) ON DELETE CASCADE,
    title VARCHAR NOT NULL,
    description TEXT,
    user_goal TEXT, -- What the user should achieve in this scene
    scene_order INTEGER NOT NULL,
    estimated_duration INTEGER, -- Duration in minutes
    image_url VARCHAR,
    image_prompt TEXT, -- Prompt used to generate the image
    timeout_turns INTEGER DEFAULT 20, -- Maximum turns before auto-progression
    success_metric TEXT, -- How success is measured

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
