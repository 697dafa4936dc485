-- Personas of a scenario (seed 003, scenario_personas). Writes run after lock-scenario.

-- name: insert-persona^
-- then: get-new-persona
-- A new persona under :scenario_id.
INSERT INTO scenario_personas (scenario_id, name, role, background, correlation,
                               primary_goals, personality_traits)
VALUES (:scenario_id, :name, :role, :background, :correlation,
        :primary_goals, :personality_traits);

-- name: get-persona^
-- One persona.
SELECT id, scenario_id, name, role, background, correlation, primary_goals,
       personality_traits, created_at, updated_at
  FROM scenario_personas
 WHERE id = :id;

-- name: list-personas
-- A scenario's personas, oldest first.
SELECT id, scenario_id, name, role, background, correlation, primary_goals,
       personality_traits, created_at, updated_at
  FROM scenario_personas
 WHERE scenario_id = :scenario_id
 ORDER BY id;

-- name: get-persona-scenario$
-- Which scenario a persona belongs to (then locked with lock-scenario).
SELECT scenario_id
  FROM scenario_personas
 WHERE id = :id;

-- name: update-persona^
-- then: get-persona
-- A partial update (:set_<column> flags); moves updated_at.
UPDATE scenario_personas
   SET name = CASE WHEN :set_name THEN :name ELSE name END,
       role = CASE WHEN :set_role THEN :role ELSE role END,
       background = CASE WHEN :set_background THEN :background ELSE background END,
       correlation = CASE WHEN :set_correlation THEN :correlation ELSE correlation END,
       primary_goals = CASE WHEN :set_primary_goals THEN :primary_goals ELSE primary_goals END,
       personality_traits = CASE WHEN :set_personality_traits THEN :personality_traits
                                 ELSE personality_traits END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id;

-- name: delete-persona!
-- Removes a persona and its scene links (ON DELETE CASCADE).
DELETE FROM scenario_personas
 WHERE id = :id;

-- name: clone-personas!
-- Copies every persona of :source under :target, in id order (clone-links pairs them by rank).
INSERT INTO scenario_personas (scenario_id, name, role, background, correlation,
                               primary_goals, personality_traits)
SELECT :target, name, role, background, correlation, primary_goals, personality_traits
  FROM scenario_personas
 WHERE scenario_id = :source
 ORDER BY id;
