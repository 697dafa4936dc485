-- Undo smartlite-0003.create-refresh-tokens: its statements in reverse, one for one.

DROP INDEX refresh_tokens_user_id_fkey;

DROP TABLE refresh_tokens;
