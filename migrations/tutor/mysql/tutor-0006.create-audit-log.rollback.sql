-- Undo tutor-0006.create-audit-log: its statements in reverse, one for one.

DROP INDEX idx_audit_log_timestamp ON audit_log;

DROP INDEX idx_audit_log_table ON audit_log;

DROP TABLE audit_log;
