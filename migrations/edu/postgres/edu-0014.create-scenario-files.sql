-- Create scenario_files: files uploaded for a scenario (seed 003, Scenario Files Table), DDL as the document writes it.
-- depends: edu-0013.create-vector-embeddings

CREATE TABLE scenario_files (
    id SERIAL PRIMARY KEY,
    scenario_id INTEGER REFERENCES scenarios(id) ON DELETE CASCADE,

    -- File information
    filename VARCHAR NOT NULL,
    file_type VARCHAR NOT NULL, -- pdf, image, document
    file_size INTEGER, -- Size in bytes
    file_path VARCHAR NOT NULL,

    -- Processing status
    processing_status VARCHAR DEFAULT 'pending', -- pending, processing, completed, failed
    processing_metadata JSONB, -- Processing results and metadata

    created_at TIMESTAMP WITH TIME ZONE DEFAULT NOW(),
    updated_at TIMESTAMP WITH TIME ZONE DEFAULT NOW()
);
