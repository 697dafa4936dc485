-- Undo smartlite-0002.create-sessions: its statements in reverse, one for one.

DROP TABLE sessions;
