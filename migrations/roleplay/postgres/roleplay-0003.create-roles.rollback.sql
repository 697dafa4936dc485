-- Undo roleplay-0003.create-roles: its statements in reverse, one for one.

DROP TRIGGER roles_set_updated_at ON roles;

DROP INDEX idx_roles_name_cn;

DROP INDEX idx_roles_user_id;

DROP TABLE roles;
