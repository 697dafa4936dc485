-- Undo chat-0001.create-users: its statements in reverse.

DROP INDEX idx_users_username ON users;

DROP TABLE users;
