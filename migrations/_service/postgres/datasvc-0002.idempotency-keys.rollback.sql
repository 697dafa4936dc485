-- Undo datasvc-0002.idempotency-keys.

DROP INDEX _datasvc_idempotency_created_at;

DROP TABLE _datasvc_idempotency;
