-- Undo edu-0002.create-scenarios: its statements in reverse, one for one.

DROP INDEX idx_scenarios_created_at;

DROP INDEX idx_scenarios_rating_avg;

DROP INDEX idx_scenarios_created_by;

DROP INDEX idx_scenarios_is_public;

DROP INDEX idx_scenarios_industry;

DROP INDEX idx_scenarios_title;

DROP TABLE scenarios;
