-- name: insert-persona^
-- A new persona under :scenario_id.
-- One statement: the row comes back from RETURNING.
INSERT INTO scenario_personas (scenario_id, name, role, background, correlation,
                               primary_goals, personality_traits)
VALUES (:scenario_id, :name, :role, :background, :correlation,
        :primary_goals, :personality_traits)
RETURNING id, scenario_id, name, role, background, correlation, primary_goals,
       personality_traits, created_at, updated_at;

-- name: update-persona^
-- A partial update (:set_<column> flags); moves updated_at.
-- One statement: the row comes back from RETURNING.
UPDATE scenario_personas
   SET name = CASE WHEN :set_name THEN :name ELSE name END,
       role = CASE WHEN :set_role THEN :role ELSE role END,
       background = CASE WHEN :set_background THEN :background ELSE background END,
       correlation = CASE WHEN :set_correlation THEN :correlation ELSE correlation END,
       primary_goals = CASE WHEN :set_primary_goals THEN :primary_goals ELSE primary_goals END,
       personality_traits = CASE WHEN :set_personality_traits THEN :personality_traits
                                 ELSE personality_traits END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
RETURNING id, scenario_id, name, role, background, correlation, primary_goals,
       personality_traits, created_at, updated_at;

-- name: get-new-persona^
-- The persona this connection's last insert made (the read-back of an insert).
SELECT id, scenario_id, name, role, background, correlation, primary_goals,
       personality_traits, created_at, updated_at
  FROM scenario_personas
 WHERE id = lastval();
