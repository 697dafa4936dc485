-- Create audit_log: a record of every change (seed 001, `audit_log`, "NEW - Track all changes").
-- depends: tutor-0005.create-chat-messages

-- AUTOINCREMENT -> SERIAL as in tutor-0002; old_value and new_value, commented "JSON", become
-- JSONB. The listed actions and changed_by values stay comments (no CHECK: the document does
-- not constrain them). The document gives no trigger that fills the log: the application
-- writes its rows.
CREATE TABLE audit_log (
    id SERIAL PRIMARY KEY,
    table_name TEXT NOT NULL,
    record_id TEXT NOT NULL,
    action TEXT NOT NULL,  -- 'INSERT', 'UPDATE', 'DELETE'
    old_value JSONB,  -- JSON
    new_value JSONB,  -- JSON
    changed_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP,
    changed_by TEXT  -- 'system', 'user', 'migration', etc.
);

CREATE INDEX idx_audit_log_table ON audit_log(table_name);

CREATE INDEX idx_audit_log_timestamp ON audit_log(changed_at);
