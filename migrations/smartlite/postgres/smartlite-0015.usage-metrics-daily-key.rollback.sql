-- Undo smartlite-0015.usage-metrics-daily-key: its statements in reverse, one for one.

ALTER TABLE usage_metrics DROP CONSTRAINT usage_metrics_user_id_service_date_key;
