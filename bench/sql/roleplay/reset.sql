-- Resets and counts of the roleplay workload, the same on both engines.

-- name: delete-created-scenarios!
-- What the create endpoint added during a run: the API gives new rows UUIDs, and every seeded id
-- starts with bench-, so this leaves exactly the seeded rows.
DELETE FROM scenarios
 WHERE id NOT LIKE 'bench-%';

-- name: count-users$
SELECT COUNT(*) FROM users;

-- name: count-scenarios$
SELECT COUNT(*) FROM scenarios;

-- name: count-templates$
SELECT COUNT(*) FROM scenarios WHERE user_id IS NULL AND is_default;
