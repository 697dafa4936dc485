-- Undo smartlite-0004.create-transcriptions: its statements in reverse, one for one.

DROP TABLE transcriptions;
