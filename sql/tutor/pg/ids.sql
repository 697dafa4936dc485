-- name: last-insert-id$
-- The id the last INSERT on this connection generated (SERIAL's sequence).
SELECT lastval();
