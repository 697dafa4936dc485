-- Undo smartlite-0010.create-api-keys: its statements in reverse, one for one.

DROP TRIGGER api_keys_set_updated_at ON api_keys;

DROP INDEX api_keys_user_id_fkey;

DROP TABLE api_keys;
