-- Index the child rows the edu routes read by their scenario (an addition beyond seed 003, in the mapping table).
-- depends: edu-0016.create-performance-indexes
-- transactional: false

-- The document indexes none of these foreign-key columns, so every read of one scenario's
-- personas, scenes, links, files or reviews scanned the whole child table (the whole-scenario
-- read: 373 req/s, the database at 0.9 cores, with 15,000 scenes). CONCURRENTLY, like edu-0016,
-- so a live platform keeps writing while they build; the rollback drops them the same way.

CREATE INDEX CONCURRENTLY idx_scenario_personas_scenario ON scenario_personas(scenario_id);

CREATE INDEX CONCURRENTLY idx_scenario_scenes_scenario_order ON scenario_scenes(scenario_id, scene_order);

CREATE INDEX CONCURRENTLY idx_scene_personas_persona ON scene_personas(persona_id);

CREATE INDEX CONCURRENTLY idx_scenario_files_scenario ON scenario_files(scenario_id);

CREATE INDEX CONCURRENTLY idx_scenario_reviews_scenario_created ON scenario_reviews(scenario_id, created_at, id);
