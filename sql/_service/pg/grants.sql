-- name: runtime-grant-connect!
-- `datasvc grants`: what a runtime account may do on PostgreSQL, read and write rows and nothing
-- else. {database}, {user} and {owner} are quoted names. Run connected to the app's database,
-- as a superuser or the owner, after the first `datasvc migrate upgrade`.
GRANT CONNECT ON DATABASE {database} TO {user};

-- name: runtime-grant-schema-usage!
-- See the tables of the schema (not create any).
GRANT USAGE ON SCHEMA public TO {user};

-- name: runtime-grant-rows!
-- Rows of every table there is now.
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {user};

-- name: runtime-grant-sequences!
-- SERIAL / IDENTITY columns draw from sequences.
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {user};

-- name: runtime-grant-future-rows!
-- Tables later migrations create (as the owner) come with the same rights.
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {user};

-- name: runtime-grant-future-sequences!
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {user};

-- name: runtime-revoke-bookkeeping-writes!
-- The migration bookkeeping is read at start, written only by migrate.
REVOKE INSERT, UPDATE, DELETE
  ON _yoyo_migration, _yoyo_log, _yoyo_version, yoyo_lock, _datasvc_checksums FROM {user};

-- name: runtime-keep-owner-create!
-- The owner keeps creating tables once PUBLIC no longer may (PostgreSQL 14 and older let anyone).
GRANT USAGE, CREATE ON SCHEMA public TO {owner};

-- name: runtime-revoke-public-create!
-- No DDL for everyone else: PostgreSQL 15's default, made explicit for older servers.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
