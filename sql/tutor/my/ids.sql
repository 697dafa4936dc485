-- name: last-insert-id$
-- The id the last INSERT on this connection generated (AUTO_INCREMENT).
SELECT LAST_INSERT_ID();
