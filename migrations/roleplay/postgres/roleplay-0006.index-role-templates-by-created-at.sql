-- Index roles by (is_default, created_at, id): an addition beyond seed 000, for the system-template branch of list-visible-roles.
-- depends: roleplay-0005.index-scenario-templates-by-created-at

-- The same reason as roleplay-0005 for scenarios: the document indexes roles by user_id and
-- name_cn only, so "the templates, newest first" read and sorted the whole table on every list
-- request. With this index the branch reads the newest templates in index order and stops at
-- the page size, at any table size. See README, engine mapping.
CREATE INDEX idx_roles_is_default_created_at ON roles (is_default, created_at, id);
