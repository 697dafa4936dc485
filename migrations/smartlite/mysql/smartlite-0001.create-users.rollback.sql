-- Undo smartlite-0001.create-users: its statements in reverse, one for one.

DROP TABLE users;
