-- The catalog of an app's MySQL / MariaDB database, read by `migrate schema` and the fidelity
-- test. information_schema only, in the columns MySQL 8.0, MariaDB 10.11 and TiDB share; yoyo's
-- and the service's bookkeeping tables are left out by name in service/schema.py.

-- name: schema-tables
-- Base tables with their storage engine and default collation.
SELECT TABLE_NAME AS table_name, ENGINE AS engine, TABLE_COLLATION AS collation_name
  FROM information_schema.TABLES
 WHERE TABLE_SCHEMA = DATABASE()
   AND TABLE_TYPE = 'BASE TABLE'
 ORDER BY TABLE_NAME;

-- name: schema-columns
-- Columns in declaration order.
SELECT TABLE_NAME AS table_name,
       COLUMN_NAME AS column_name,
       COLUMN_TYPE AS column_type,
       IS_NULLABLE AS is_nullable,
       COLUMN_DEFAULT AS column_default,
       EXTRA AS extra,
       COLLATION_NAME AS collation_name,
       DATA_TYPE AS data_type
  FROM information_schema.COLUMNS
 WHERE TABLE_SCHEMA = DATABASE()
 ORDER BY TABLE_NAME, ORDINAL_POSITION;

-- name: schema-constraints
-- Primary keys, unique keys, foreign keys and checks by name.
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, CONSTRAINT_TYPE AS kind
  FROM information_schema.TABLE_CONSTRAINTS
 WHERE TABLE_SCHEMA = DATABASE()
 ORDER BY TABLE_NAME, CONSTRAINT_NAME;

-- name: schema-index-columns
-- Every index's columns in order (PRIMARY and unique keys included), with prefix length and
-- direction ('D' for a descending key part).
SELECT TABLE_NAME AS table_name,
       INDEX_NAME AS index_name,
       NON_UNIQUE AS non_unique,
       SEQ_IN_INDEX AS position,
       COLUMN_NAME AS column_name,
       SUB_PART AS sub_part,
       COLLATION AS direction,
       INDEX_TYPE AS index_type
  FROM information_schema.STATISTICS
 WHERE TABLE_SCHEMA = DATABASE()
 ORDER BY TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX;

-- name: schema-foreign-keys
-- Foreign-key columns and what they reference, with the referential actions.
SELECT k.TABLE_NAME AS table_name,
       k.CONSTRAINT_NAME AS constraint_name,
       k.COLUMN_NAME AS column_name,
       k.REFERENCED_TABLE_NAME AS referenced_table,
       k.REFERENCED_COLUMN_NAME AS referenced_column,
       r.UPDATE_RULE AS update_rule,
       r.DELETE_RULE AS delete_rule
  FROM information_schema.KEY_COLUMN_USAGE k
  JOIN information_schema.REFERENTIAL_CONSTRAINTS r
    ON r.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA
   AND r.TABLE_NAME = k.TABLE_NAME
   AND r.CONSTRAINT_NAME = k.CONSTRAINT_NAME
 WHERE k.TABLE_SCHEMA = DATABASE()
   AND k.REFERENCED_TABLE_NAME IS NOT NULL
 ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION;

-- name: schema-checks
-- Check clauses. MySQL names checks per schema, MariaDB per table (and adds TABLE_NAME), so
-- the owner comes from TABLE_CONSTRAINTS and service/schema.py drops cross-matched rows.
SELECT tc.TABLE_NAME AS owner_table, cc.*
  FROM information_schema.TABLE_CONSTRAINTS tc
  JOIN information_schema.CHECK_CONSTRAINTS cc
    ON cc.CONSTRAINT_SCHEMA = tc.CONSTRAINT_SCHEMA
   AND cc.CONSTRAINT_NAME = tc.CONSTRAINT_NAME
 WHERE tc.TABLE_SCHEMA = DATABASE()
   AND tc.CONSTRAINT_TYPE = 'CHECK'
 ORDER BY tc.TABLE_NAME, tc.CONSTRAINT_NAME;
