-- PostgreSQL variants of cache.sql: ON CONFLICT and RETURNING, interval arithmetic, and a
-- batch delete through a keyed subquery (DELETE has no LIMIT here).

-- name: put-cache^
-- Create or replace an entry in one statement (the UNIQUE cache_key decides, so concurrent
-- PUTs of one key leave one row); a replaced entry starts over (counts, created_at, expiry).
-- :content_data comes as hex text (aiomysql cannot send bytes with PyMySQL 1.1).
INSERT INTO cache_entries (cache_key, content_type, content_data, content_text, metadata,
                           ttl_seconds, access_count, last_accessed, created_at, expires_at)
VALUES (:cache_key, :content_type, decode(CAST(:content_data AS TEXT), 'hex'), :content_text, :metadata, :ttl_seconds, 0,
        CURRENT_TIMESTAMP(6), CURRENT_TIMESTAMP(6),
        CURRENT_TIMESTAMP(6) + make_interval(secs => CAST(:ttl_seconds AS INTEGER)))
ON CONFLICT (cache_key) DO UPDATE
   SET content_type = EXCLUDED.content_type, content_data = EXCLUDED.content_data,
       content_text = EXCLUDED.content_text, metadata = EXCLUDED.metadata,
       ttl_seconds = EXCLUDED.ttl_seconds, access_count = 0,
       last_accessed = EXCLUDED.last_accessed, created_at = EXCLUDED.created_at,
       expires_at = EXCLUDED.expires_at
RETURNING cache_key, content_type, content_data, content_text, metadata, ttl_seconds,
          access_count, last_accessed, created_at, expires_at;

-- name: hit-cache^
-- A read: a live entry counts the hit (access_count + 1, last_accessed now) in the same
-- statement; an expired or absent one matches nothing (a miss).
UPDATE cache_entries
   SET access_count = COALESCE(access_count, 0) + 1, last_accessed = CURRENT_TIMESTAMP(6)
 WHERE cache_key = :cache_key
   AND (expires_at IS NULL OR expires_at > CURRENT_TIMESTAMP(6))
RETURNING cache_key, content_type, content_data, content_text, metadata, ttl_seconds,
          access_count, last_accessed, created_at, expires_at;

-- name: delete-expired-cache!
-- At most :limit entries past their expiry (retention), oldest expiry first.
DELETE FROM cache_entries
 WHERE id IN (SELECT id FROM cache_entries WHERE expires_at <= :now
               ORDER BY expires_at LIMIT :limit);
