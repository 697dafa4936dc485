-- Create scenario_reviews: one rating and review per user per scenario (seed 003, Scenario Reviews Table), DDL as the document writes it.
-- depends: edu-0014.create-scenario-files

CREATE TABLE scenario_reviews (
    id SERIAL PRIMARY KEY,
    scenario_id INTEGER REFERENCES scenarios(id) ON DELETE CASCADE,
    reviewer_id INTEGER REFERENCES users(id) ON DELETE CASCADE,

    -- Review content
    rating INTEGER NOT NULL CHECK (rating >= 1 AND rating <= 5),
    title VARCHAR,
    review_text TEXT,

    -- Review metadata
    helpful_count INTEGER DEFAULT 0,
    is_verified BOOLEAN DEFAULT FALSE, -- Verified purchase/usage

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),

    UNIQUE(scenario_id, reviewer_id) -- One review per user per scenario
);
