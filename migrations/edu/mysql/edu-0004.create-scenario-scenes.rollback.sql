-- Undo edu-0004.create-scenario-scenes: its statements in reverse, one for one.

DROP TABLE scenario_scenes;
