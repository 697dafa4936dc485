-- Undo edu-0017.index-scenario-children: its statements in reverse, one for one (the swaps
-- swapped back, so each key keeps an index throughout).

DROP INDEX idx_scenario_reviews_scenario_created ON scenario_reviews;

ALTER TABLE scenario_files ADD INDEX scenario_files_scenario_id_fkey (scenario_id), DROP INDEX idx_scenario_files_scenario;

ALTER TABLE scene_personas ADD INDEX scene_personas_persona_id_fkey (persona_id), DROP INDEX idx_scene_personas_persona;

ALTER TABLE scenario_scenes ADD INDEX scenario_scenes_scenario_id_fkey (scenario_id), DROP INDEX idx_scenario_scenes_scenario_order;

ALTER TABLE scenario_personas ADD INDEX scenario_personas_scenario_id_fkey (scenario_id), DROP INDEX idx_scenario_personas_scenario;
