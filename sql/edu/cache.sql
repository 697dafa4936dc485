-- The TTL cache (seed 003, cache_entries). An entry past expires_at is a miss at once: every
-- read filters on it, whether or not retention has deleted the row yet.

-- name: put-cache^
-- then: get-cache-entry
-- Create or replace an entry in one statement (the UNIQUE cache_key decides, so concurrent
-- PUTs of one key leave one row); a replaced entry starts over (counts, created_at, expiry).
-- :content_data comes as hex text (aiomysql cannot send bytes with PyMySQL 1.1).
INSERT INTO cache_entries (cache_key, content_type, content_data, content_text, metadata,
                           ttl_seconds, access_count, last_accessed, created_at, expires_at)
VALUES (:cache_key, :content_type, UNHEX(:content_data), :content_text, :metadata, :ttl_seconds, 0,
        CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6),
        CASE WHEN :ttl_seconds IS NULL THEN NULL
             ELSE DATE_ADD(CURRENT_TIMESTAMP(6), INTERVAL :ttl_seconds SECOND) END)
ON DUPLICATE KEY UPDATE
    content_type = VALUES(content_type), content_data = VALUES(content_data),
    content_text = VALUES(content_text), metadata = VALUES(metadata),
    ttl_seconds = VALUES(ttl_seconds), access_count = 0,
    last_accessed = VALUES(last_accessed), created_at = VALUES(created_at),
    expires_at = VALUES(expires_at);

-- name: get-cache-entry^
-- An entry as stored (a write's read-back; expiry is the caller's business here).
SELECT cache_key, content_type, content_data, content_text, metadata, ttl_seconds,
       access_count, last_accessed, created_at, expires_at
  FROM cache_entries
 WHERE cache_key = :cache_key;

-- name: hit-cache^
-- then: get-cache-entry
-- A read: a live entry counts the hit (access_count + 1, last_accessed now) in the same
-- statement; an expired or absent one matches nothing (a miss).
UPDATE cache_entries
   SET access_count = COALESCE(access_count, 0) + 1, last_accessed = CURRENT_TIMESTAMP(6)
 WHERE cache_key = :cache_key
   AND (expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP(6));

-- name: delete-cache!
-- Remove an entry (an expired one too).
DELETE FROM cache_entries
 WHERE cache_key = :cache_key;

-- name: count-expired-cache$
-- Entries past their expiry (retention --dry-run).
SELECT COUNT(*)
  FROM cache_entries
 WHERE expires_at <= :now;

-- name: delete-expired-cache!
-- At most :limit entries past their expiry (retention), oldest expiry first.
DELETE FROM cache_entries
 WHERE expires_at <= :now
 ORDER BY expires_at
 LIMIT :limit;
