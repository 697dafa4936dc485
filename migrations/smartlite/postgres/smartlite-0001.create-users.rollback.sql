-- Undo smartlite-0001.create-users: its statements in reverse, one for one.

DROP TRIGGER users_set_updated_at ON users;

DROP TABLE users;

DROP FUNCTION set_updated_at();
