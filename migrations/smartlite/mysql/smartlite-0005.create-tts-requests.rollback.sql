-- Undo smartlite-0005.create-tts-requests: its statements in reverse, one for one.

DROP TABLE tts_requests;
