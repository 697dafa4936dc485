-- Undo smartlite-0003.create-refresh-tokens: its statements in reverse, one for one.

DROP TABLE refresh_tokens;
