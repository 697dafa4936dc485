-- Undo edu-0007.create-scene-progress: its statements in reverse, one for one.

DROP TABLE scene_progress;
