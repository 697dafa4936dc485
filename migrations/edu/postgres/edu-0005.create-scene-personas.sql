-- Create scene_personas: which personas take part in which scene (seed 003, Scene-Persona Relationships), DDL as the document writes it.
-- depends: edu-0004.create-scenario-scenes

CREATE TABLE scene_personas (
    scene_id INTEGER REFERENCES scenario_scenes(id) ON DELETE CASCADE,
    persona_id INTEGER REFERENCES scenario_personas(id) ON DELETE CASCADE,
    involvement_level VARCHAR DEFAULT 'participant', -- key, participant, mentioned
    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

    PRIMARY KEY (scene_id, persona_id)
);
