-- Undo edu-0017.index-scenario-children: its statements in reverse, one for one.

DROP INDEX CONCURRENTLY idx_scenario_reviews_scenario_created;

DROP INDEX CONCURRENTLY idx_scenario_files_scenario;

DROP INDEX CONCURRENTLY idx_scene_personas_persona;

DROP INDEX CONCURRENTLY idx_scenario_scenes_scenario_order;

DROP INDEX CONCURRENTLY idx_scenario_personas_scenario;
