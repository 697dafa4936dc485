-- The trail of every change the service makes in this app (seed 001, audit_log). Written by
-- the service's own queries in the transaction of the change it records; never by triggers.

-- name: insert-audit!
-- One change: the row before (:old_value) and after (:new_value) as JSON; :changed_by is
-- user, admin, migration or system.
INSERT INTO audit_log (table_name, record_id, action, old_value, new_value, changed_by)
VALUES (:table_name, :record_id, :action, :old_value, :new_value, :changed_by);

-- name: list-audit
-- The trail, newest first, one keyset page after (:before_changed_at, :before_id); each
-- filter NULL means "any".
SELECT id, table_name, record_id, action, old_value, new_value, changed_at, changed_by
  FROM audit_log
 WHERE (table_name = :table_name OR :table_name IS NULL)
   AND (record_id = :record_id OR :record_id IS NULL)
   AND (action = :action OR :action IS NULL)
   AND (changed_by = :changed_by OR :changed_by IS NULL)
   AND (changed_at >= :since OR :since IS NULL)
   AND (changed_at < :until OR :until IS NULL)
   AND (changed_at < :before_changed_at
        OR (changed_at = :before_changed_at AND id < :before_id))
 ORDER BY changed_at DESC, id DESC
 LIMIT :limit;
