-- Undo edu-0014.create-scenario-files: its statements in reverse, one for one.

DROP TABLE scenario_files;
