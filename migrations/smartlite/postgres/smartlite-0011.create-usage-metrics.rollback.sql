-- Undo smartlite-0011.create-usage-metrics: its statements in reverse, one for one.

DROP INDEX usage_metrics_user_id_fkey;

DROP TABLE usage_metrics;
