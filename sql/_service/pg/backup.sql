-- Queries `datasvc backup`, `verify` and `restore` run on an app's PostgreSQL database
-- (service/backup/). {schema} and {table} are quoted identifiers read from the catalog.

-- name: pin-session$
-- Fixes every setting that changes how a row is written as text, so a table's checksum is the
-- same at backup time and after a restore whatever the server's or the role's defaults are.
SELECT set_config('TimeZone', 'UTC', false)
    || set_config('DateStyle', 'ISO, YMD', false)
    || set_config('IntervalStyle', 'postgres', false)
    || set_config('extra_float_digits', '1', false)
    || set_config('bytea_output', 'hex', false)
    || set_config('lc_monetary', 'C', false);

-- name: server-version^
-- The server's version as text and as a number (160002 is 16.2; the major is the number / 10000).
SELECT current_setting('server_version') AS version,
       current_setting('server_version_num')::integer AS version_num;

-- name: may-create-databases$
-- Whether the connected role can create databases (restore --force drops and recreates one).
SELECT rolsuper OR rolcreatedb FROM pg_roles WHERE rolname = current_user;

-- name: begin-snapshot!
-- The backup's transaction: one snapshot for the manifest's counts and checksums and, exported,
-- for pg_dump.
BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY;

-- name: export-snapshot$
-- The snapshot's id for `pg_dump --snapshot`; valid while this transaction stays open.
SELECT pg_export_snapshot();

-- name: end-snapshot!
-- Ends the backup's read-only transaction (after pg_dump has finished).
COMMIT;

-- name: list-tables
-- Every table the dump holds data of: all schemas but the system ones, without tables that
-- belong to an extension (pg_dump leaves those to CREATE EXTENSION).
SELECT n.nspname AS schema_name, c.relname AS table_name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('r', 'p')
   AND n.nspname !~ '^pg_'
   AND n.nspname <> 'information_schema'
   AND NOT EXISTS (SELECT 1
                     FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid
                      AND d.deptype = 'e')
 ORDER BY n.nspname, c.relname;

-- name: list-other-objects
-- Views, sequences, functions and types outside the system schemas and extensions: with any
-- table, they make a database count as not empty for restore.
SELECT n.nspname || '.' || c.relname AS object_name,
       CASE c.relkind WHEN 'S' THEN 'sequence' WHEN 'f' THEN 'foreign table' ELSE 'view' END AS kind
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE c.relkind IN ('v', 'm', 'S', 'f')
   AND n.nspname !~ '^pg_'
   AND n.nspname <> 'information_schema'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
UNION ALL
SELECT n.nspname || '.' || p.proname AS object_name, 'function' AS kind
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname !~ '^pg_'
   AND n.nspname <> 'information_schema'
   AND NOT EXISTS (SELECT 1 FROM pg_depend d
                    WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
 ORDER BY object_name;

-- name: table-row-digests
-- One sha256 per row of its text form (the whole row, `(alias.*)`, so no column can shadow it);
-- the caller adds them up, which makes the table's checksum independent of row order.
SELECT sha256(convert_to((datasvc_row.*)::text, 'UTF8')) AS digest
  FROM {schema}.{table} AS datasvc_row;

-- name: count-table-rows$
-- Rows of one table, for the list of what restore --force replaces.
SELECT count(*) FROM {schema}.{table};
