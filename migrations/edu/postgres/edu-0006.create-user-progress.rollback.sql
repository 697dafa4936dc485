-- Undo edu-0006.create-user-progress: its statements in reverse, one for one.

DROP TABLE user_progress;
