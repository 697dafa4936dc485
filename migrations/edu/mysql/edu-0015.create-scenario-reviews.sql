-- Create scenario_reviews: seed 003's scenario_reviews table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0014.create-scenario-files

-- Types as in edu-0001. The inline CHECK and the table's UNIQUE become named table-level
-- constraints with PostgreSQL's names (scenario_reviews_rating_check,
-- scenario_reviews_scenario_id_reviewer_id_key); inline REFERENCES become named FOREIGN KEYs.
-- The unique key (scenario_id, reviewer_id) serves scenario_id's foreign key; MySQL adds an
-- index for reviewer_id's, named after the constraint (listed in the engine mapping).
CREATE TABLE scenario_reviews (
    id INT AUTO_INCREMENT PRIMARY KEY,
    scenario_id INTEGER,
    reviewer_id INTEGER,

    -- Review content
    rating INTEGER NOT NULL,
    title VARCHAR(255),
    review_text LONGTEXT,

    -- Review metadata
    helpful_count INTEGER DEFAULT 0,
    is_verified BOOLEAN DEFAULT FALSE, -- Verified purchase/usage

    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),

    CONSTRAINT scenario_reviews_scenario_id_reviewer_id_key UNIQUE (scenario_id, reviewer_id), -- One review per user per scenario
    CONSTRAINT scenario_reviews_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE,
    CONSTRAINT scenario_reviews_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT scenario_reviews_rating_check CHECK (rating >= 1 AND rating <= 5)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
