-- Undo edu-0003.create-scenario-personas: its statements in reverse, one for one.

DROP TABLE scenario_personas;
