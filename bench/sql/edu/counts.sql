-- Counts of the edu workload, the same on both engines (its endpoints only read).

-- name: count-scenarios$
SELECT COUNT(*) FROM scenarios;

-- name: count-public$
SELECT COUNT(*) FROM scenarios WHERE is_public;

-- name: count-scenes$
SELECT COUNT(*) FROM scenario_scenes;
