-- Create audit_log: seed 001's audit_log table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: tutor-0005.create-chat-messages

-- AUTOINCREMENT -> INT AUTO_INCREMENT. table_name is indexed, so TEXT -> VARCHAR(255) (table
-- names are at most 63 bytes on PostgreSQL, 64 characters on MySQL); record_id, action and
-- changed_by are not indexed: TEXT -> LONGTEXT. old_value and new_value, commented "JSON",
-- -> JSON. changed_at -> DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6).
CREATE TABLE audit_log (
    id INT AUTO_INCREMENT PRIMARY KEY,
    table_name VARCHAR(255) NOT NULL,
    record_id LONGTEXT NOT NULL,
    action LONGTEXT NOT NULL,  -- 'INSERT', 'UPDATE', 'DELETE'
    old_value JSON,  -- JSON
    new_value JSON,  -- JSON
    changed_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    changed_by LONGTEXT  -- 'system', 'user', 'migration', etc.
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_audit_log_table ON audit_log(table_name);

CREATE INDEX idx_audit_log_timestamp ON audit_log(changed_at);
