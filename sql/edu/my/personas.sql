-- name: get-new-persona^
-- The persona this connection's last insert made (the read-back of an insert).
SELECT id, scenario_id, name, role, background, correlation, primary_goals,
       personality_traits, created_at, updated_at
  FROM scenario_personas
 WHERE id = LAST_INSERT_ID();
