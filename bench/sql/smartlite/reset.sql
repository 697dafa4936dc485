-- Resets and counts of the smartlite workload, the same on both engines.

-- name: unclaim!
-- What the claim endpoint took during a run goes back to the queue.
UPDATE transcriptions
   SET status = 'pending'
 WHERE status = 'processing';

-- name: count-users$
SELECT COUNT(*) FROM users;

-- name: count-pending$
SELECT COUNT(*) FROM transcriptions WHERE status = 'pending';
