-- name: audit-cascade-words!
-- One DELETE row in the trail for each mastered_words row of :profile_id, the row as JSON: written
-- just before the profile's delete cascades to them (or the history is cleared), in its
-- transaction, so the trail shows everything that went with it.
INSERT INTO audit_log (table_name, record_id, action, old_value, new_value, changed_by)
SELECT 'mastered_words', id::text, 'DELETE',
       jsonb_build_object(
           'id', id,
           'profile_id', profile_id,
           'word', word,
           'language', language,
           'added_at', to_char(added_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
       NULL, :changed_by
  FROM mastered_words
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: audit-cascade-grammar!
-- One DELETE row in the trail for each mastered_grammar row of :profile_id, the row as JSON: written
-- just before the profile's delete cascades to them (or the history is cleared), in its
-- transaction, so the trail shows everything that went with it.
INSERT INTO audit_log (table_name, record_id, action, old_value, new_value, changed_by)
SELECT 'mastered_grammar', id::text, 'DELETE',
       jsonb_build_object(
           'id', id,
           'profile_id', profile_id,
           'grammar_uri', grammar_uri,
           'added_at', to_char(added_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
       NULL, :changed_by
  FROM mastered_grammar
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: audit-cascade-cards!
-- One DELETE row in the trail for each approved_cards row of :profile_id, the row as JSON: written
-- just before the profile's delete cascades to them (or the history is cleared), in its
-- transaction, so the trail shows everything that went with it.
INSERT INTO audit_log (table_name, record_id, action, old_value, new_value, changed_by)
SELECT 'approved_cards', id::text, 'DELETE',
       jsonb_build_object(
           'id', id,
           'profile_id', profile_id,
           'card_type', card_type,
           'content', content,
           'approved_at', to_char(approved_at, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
       NULL, :changed_by
  FROM approved_cards
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: audit-cascade-messages!
-- One DELETE row in the trail for each chat_messages row of :profile_id, the row as JSON: written
-- just before the profile's delete cascades to them (or the history is cleared), in its
-- transaction, so the trail shows everything that went with it.
INSERT INTO audit_log (table_name, record_id, action, old_value, new_value, changed_by)
SELECT 'chat_messages', id::text, 'DELETE',
       jsonb_build_object(
           'id', id,
           'profile_id', profile_id,
           'role', role,
           'content', content,
           'timestamp', to_char(timestamp, 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')),
       NULL, :changed_by
  FROM chat_messages
 WHERE profile_id = :profile_id
 ORDER BY id;

-- name: list-profile-audit
-- The trail of one profile: its own row and every row that hangs off it (their JSON names the
-- profile), newest first, one keyset page; each filter NULL means "any". Not indexed: the
-- audit_log of the document has no profile column, so this reads the trail's rows in the
-- other filters' range.
SELECT id, table_name, record_id, action, old_value, new_value, changed_at, changed_by
  FROM audit_log
 WHERE ((table_name = 'profiles' AND record_id = :profile_id)
        OR COALESCE(new_value, old_value) ->> 'profile_id' = :profile_id)
   AND (table_name = :table_name OR :table_name IS NULL)
   AND (record_id = :record_id OR :record_id IS NULL)
   AND (action = :action OR :action IS NULL)
   AND (changed_by = :changed_by OR :changed_by IS NULL)
   AND (changed_at >= :since OR :since IS NULL)
   AND (changed_at < :until OR :until IS NULL)
   AND (changed_at < :before_changed_at
        OR (changed_at = :before_changed_at AND id < :before_id))
 ORDER BY changed_at DESC, id DESC
 LIMIT :limit;
