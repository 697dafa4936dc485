-- Undo roleplay-0003.create-roles: its statements in reverse, one for one.

DROP INDEX idx_roles_name_cn ON roles;

DROP TABLE roles;
