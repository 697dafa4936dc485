-- Undo roleplay-0006.index-role-templates-by-created-at: its statements in reverse, one for one.

DROP INDEX idx_roles_is_default_created_at ON roles;
