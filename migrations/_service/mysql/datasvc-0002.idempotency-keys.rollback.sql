-- Undo datasvc-0002.idempotency-keys.

DROP TABLE _datasvc_idempotency;
