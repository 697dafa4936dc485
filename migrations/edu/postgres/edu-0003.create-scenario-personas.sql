-- Create scenario_personas: the AI personas of a scenario (seed 003, Scenario Personas Table), DDL as the document writes it.
-- depends: edu-0002.create-scenarios

CREATE TABLE scenario_personas (
    id SERIAL PRIMARY KEY,
    scenario_id INTEGER REFERENCES scenarios(id) ON DELETE CASCADE,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    background TEXT,
    correlation TEXT, -- How this persona relates to the scenario
    primary_goals JSONB, -- Array of primary goals
    personality_traits JSONB, -- Personality trait scores

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
