-- Undo tutor-0006.create-audit-log: its statements in reverse, one for one.

DROP INDEX idx_audit_log_timestamp;

DROP INDEX idx_audit_log_table;

DROP TABLE audit_log;
