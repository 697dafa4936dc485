-- Create scenario_files: seed 003's scenario_files table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0013.create-vector-embeddings

-- Types as in edu-0001, JSONB -> JSON. Inline REFERENCES become named table-level FOREIGN KEYs
-- (MySQL parses and ignores a column-level REFERENCES), with PostgreSQL's names and ON DELETE.
-- The document gives no index on these foreign-key columns, so MySQL adds one per key, named
-- after the constraint; it goes with the table (listed in the engine mapping).
-- file_path is VARCHAR(2048): it holds a path and no index covers it; filename stays 255.
CREATE TABLE scenario_files (
    id INT AUTO_INCREMENT PRIMARY KEY,
    scenario_id INTEGER,

    -- File information
    filename VARCHAR(255) NOT NULL,
    file_type VARCHAR(255) NOT NULL, -- pdf, image, document
    file_size INTEGER, -- Size in bytes
    file_path VARCHAR(2048) NOT NULL,

    -- Processing status
    processing_status VARCHAR(255) DEFAULT 'pending', -- pending, processing, completed, failed
    processing_metadata JSON, -- Processing results and metadata

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    CONSTRAINT scenario_files_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
