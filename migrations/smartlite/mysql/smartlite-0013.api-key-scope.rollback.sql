-- Undo smartlite-0013.api-key-scope: its statements in reverse, one for one.

ALTER TABLE api_keys DROP COLUMN scope;
