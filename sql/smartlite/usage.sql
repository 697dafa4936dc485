-- Usage metering (seed 002, usage_metrics): one row per user, service and UTC day (date is the
-- day's midnight), unique by usage_metrics_user_id_service_date_key.

-- name: list-usage
-- Per day and service, oldest first, for one user (or everyone's when :user_id is NULL) in
-- [:since, :until), optionally one service.
SELECT user_id, service, date, request_count, token_count, cost
  FROM usage_metrics
 WHERE (user_id = :user_id OR :user_id IS NULL)
   AND (service = :service OR :service IS NULL)
   AND date >= :since
   AND date < :until
 ORDER BY date, service, user_id
 LIMIT :limit;
