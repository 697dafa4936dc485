-- Undo smartlite-0011.create-usage-metrics: its statements in reverse, one for one.

DROP TABLE usage_metrics;
