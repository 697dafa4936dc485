-- usage_metrics gets UNIQUE (user_id, service, date): an addition beyond seed 002, for exact metering.
-- depends: smartlite-0014.list-indexes

-- One row per user, service and UTC day, so each completion adds to it with one
-- INSERT ... ON DUPLICATE KEY UPDATE and no concurrent increment is lost. See README, engine
-- mapping.
ALTER TABLE usage_metrics ADD CONSTRAINT usage_metrics_user_id_service_date_key UNIQUE (user_id, service, date);
