-- Undo edu-0009.create-session-memory: its statements in reverse, one for one.

DROP TABLE session_memory;
