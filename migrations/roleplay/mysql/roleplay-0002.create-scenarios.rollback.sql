-- Undo roleplay-0002.create-scenarios: its statements in reverse, one for one.

DROP INDEX idx_scenarios_title ON scenarios;

DROP TABLE scenarios;
