-- The upsert's MySQL form: ON DUPLICATE KEY UPDATE with VALUES(), the spelling MySQL 8,
-- MariaDB and TiDB all accept.

-- name: add-usage!
-- Add one completion to a user's day: a single statement, so concurrent completions on the
-- same row queue on its lock and none is lost.
INSERT INTO usage_metrics (id, user_id, service, request_count, token_count, cost, date)
VALUES (:id, :user_id, :service, :requests, :tokens, :cost, :date)
    ON DUPLICATE KEY UPDATE
       request_count = request_count + VALUES(request_count),
       token_count = token_count + VALUES(token_count),
       cost = cost + VALUES(cost);
