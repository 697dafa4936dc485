-- Undo smartlite-0010.create-api-keys: its statements in reverse, one for one.

DROP TABLE api_keys;
