-- The catalog of an app's PostgreSQL database, read by `migrate schema` and the fidelity test.
-- Every query covers the current schema; yoyo's and the service's bookkeeping tables are left
-- out by name in service/schema.py.

-- name: schema-extensions
-- Installed extensions other than the built-in plpgsql.
SELECT extname AS name
  FROM pg_extension
 WHERE extname <> 'plpgsql'
 ORDER BY extname;

-- name: schema-tables
-- Ordinary and partitioned tables.
SELECT c.relname AS table_name
  FROM pg_class c
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema()
   AND c.relkind IN ('r', 'p')
 ORDER BY c.relname;

-- name: schema-columns
-- Columns in declaration order, with the type as `\d` shows it and the default expression.
SELECT c.relname AS table_name,
       a.attname AS column_name,
       format_type(a.atttypid, a.atttypmod) AS column_type,
       a.attnotnull AS not_null,
       pg_get_expr(d.adbin, d.adrelid) AS column_default,
       a.attidentity AS identity,
       a.attgenerated AS generated,
       CASE WHEN a.attcollation <> t.typcollation THEN co.collname END AS collation_name
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
  LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
  LEFT JOIN pg_collation co ON co.oid = a.attcollation
 WHERE n.nspname = current_schema()
   AND c.relkind IN ('r', 'p')
   AND a.attnum > 0
   AND NOT a.attisdropped
 ORDER BY c.relname, a.attnum;

-- name: schema-constraints
-- Primary keys, unique constraints, foreign keys and checks, as the server would write them.
SELECT c.relname AS table_name,
       con.conname AS constraint_name,
       con.contype AS kind,
       pg_get_constraintdef(con.oid, true) AS definition
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema()
   AND con.contype IN ('p', 'u', 'f', 'c', 'x')
 ORDER BY c.relname, con.conname;

-- name: schema-indexes
-- Indexes that no constraint owns (a constraint's index is part of the constraint).
SELECT c.relname AS table_name,
       i.relname AS index_name,
       pg_get_indexdef(i.oid) AS definition
  FROM pg_index x
  JOIN pg_class i ON i.oid = x.indexrelid
  JOIN pg_class c ON c.oid = x.indrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema()
   AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = x.indexrelid
                                                     AND con.conrelid = x.indrelid)
 ORDER BY c.relname, i.relname;

-- name: schema-triggers
-- Triggers written by a migration (not the ones the server makes for foreign keys).
SELECT c.relname AS table_name,
       t.tgname AS trigger_name,
       pg_get_triggerdef(t.oid, true) AS definition
  FROM pg_trigger t
  JOIN pg_class c ON c.oid = t.tgrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = current_schema()
   AND NOT t.tgisinternal
 ORDER BY c.relname, t.tgname;

-- name: schema-functions
-- Functions a migration created in the schema (extension members such as pgvector's are not).
SELECT p.proname AS function_name,
       pg_get_functiondef(p.oid) AS definition
  FROM pg_proc p
  JOIN pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = current_schema()
   AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                                              AND d.objid = p.oid AND d.deptype = 'e')
 ORDER BY p.proname;

-- name: schema-current
-- The schema the connection works in (its prefix is left out of the rendered definitions).
SELECT current_schema() AS schema_name;
