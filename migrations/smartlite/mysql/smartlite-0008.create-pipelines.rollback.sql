-- Undo smartlite-0008.create-pipelines: its statements in reverse, one for one.

DROP TABLE pipelines;
