-- Index scenarios by (is_default, created_at, id): an addition beyond seed 000, for the system-template branch of list-visible-scenarios.
-- depends: roleplay-0004.create-session-records

-- The document indexes user_id and title only, so "the templates, newest first" scanned the
-- whole table on every list request (measured by `python -m bench`). With this index the
-- branch reads the newest templates in index order and stops at the page size, at any table
-- size. The same index as on MySQL, where a partial index (WHERE is_default) does not exist.
CREATE INDEX idx_scenarios_is_default_created_at ON scenarios (is_default, created_at, id);
