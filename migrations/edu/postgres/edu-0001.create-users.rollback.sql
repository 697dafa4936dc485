-- Undo edu-0001.create-users: its statements in reverse, one for one.

DROP INDEX idx_users_created_at;

DROP INDEX idx_users_role;

DROP INDEX idx_users_username;

DROP INDEX idx_users_email;

DROP TABLE users;
