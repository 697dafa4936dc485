-- Undo edu-0015.create-scenario-reviews: its statements in reverse, one for one.

DROP TABLE scenario_reviews;
