-- Undo edu-0001.create-users: its statements in reverse, one for one.

DROP INDEX idx_users_created_at ON users;

DROP INDEX idx_users_role ON users;

DROP INDEX idx_users_username ON users;

DROP INDEX idx_users_email ON users;

DROP TABLE users;
