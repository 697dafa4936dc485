-- The upsert's PostgreSQL form: ON CONFLICT on the daily key.

-- name: add-usage!
-- Add one completion to a user's day: a single statement, so concurrent completions on the
-- same row queue on its lock and none is lost.
INSERT INTO usage_metrics (id, user_id, service, request_count, token_count, cost, date)
VALUES (:id, :user_id, :service, :requests, :tokens, :cost, :date)
    ON CONFLICT (user_id, service, date) DO UPDATE
   SET request_count = usage_metrics.request_count + EXCLUDED.request_count,
       token_count = usage_metrics.token_count + EXCLUDED.token_count,
       cost = usage_metrics.cost + EXCLUDED.cost;
