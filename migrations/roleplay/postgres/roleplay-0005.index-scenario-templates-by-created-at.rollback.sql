-- Undo roleplay-0005.index-scenario-templates-by-created-at: its statements in reverse, one for one.

DROP INDEX idx_scenarios_is_default_created_at;
