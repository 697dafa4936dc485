-- Undo edu-0005.create-scene-personas: its statements in reverse, one for one.

DROP TABLE scene_personas;
