-- Index the child rows the edu routes read by their scenario (an addition beyond seed 003, in the mapping table), translated for MySQL / MariaDB / TiDB.
-- depends: edu-0016.create-performance-indexes

-- MySQL already has an index on each of these foreign keys (the one it adds, named after the
-- constraint); the same names as on PostgreSQL come from swapping, in one ALTER TABLE each,
-- the constraint-named index for this migration's (see edu-0016 for why a plain CREATE INDEX
-- would not roll back). scenario_reviews.scenario_id is served by the UNIQUE key, so its
-- index is a plain CREATE INDEX.

ALTER TABLE scenario_personas ADD INDEX idx_scenario_personas_scenario (scenario_id), DROP INDEX scenario_personas_scenario_id_fkey;

ALTER TABLE scenario_scenes ADD INDEX idx_scenario_scenes_scenario_order (scenario_id, scene_order), DROP INDEX scenario_scenes_scenario_id_fkey;

ALTER TABLE scene_personas ADD INDEX idx_scene_personas_persona (persona_id), DROP INDEX scene_personas_persona_id_fkey;

ALTER TABLE scenario_files ADD INDEX idx_scenario_files_scenario (scenario_id), DROP INDEX scenario_files_scenario_id_fkey;

CREATE INDEX idx_scenario_reviews_scenario_created ON scenario_reviews(scenario_id, created_at, id);
