-- Undo roleplay-0002.create-scenarios: its statements in reverse, one for one.

DROP TRIGGER scenarios_set_updated_at ON scenarios;

DROP INDEX idx_scenarios_title;

DROP INDEX idx_scenarios_user_id;

DROP TABLE scenarios;
