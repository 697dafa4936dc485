-- Undo smartlite-0015.usage-metrics-daily-key: its statements in reverse, one for one.

-- MySQL dropped the implicit index of usage_metrics_user_id_fkey, which the new key covers;
-- the undo puts it back in the same statement (a foreign key may not lose its index).
ALTER TABLE usage_metrics ADD INDEX usage_metrics_user_id_fkey (user_id), DROP INDEX usage_metrics_user_id_service_date_key;
