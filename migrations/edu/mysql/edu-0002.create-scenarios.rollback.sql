-- Undo edu-0002.create-scenarios: its statements in reverse, one for one
-- (idx_scenarios_created_by is part of the table and goes with it).

DROP INDEX idx_scenarios_created_at ON scenarios;

DROP INDEX idx_scenarios_rating_avg ON scenarios;

DROP INDEX idx_scenarios_is_public ON scenarios;

DROP INDEX idx_scenarios_industry ON scenarios;

DROP INDEX idx_scenarios_title ON scenarios;

DROP TABLE scenarios;
