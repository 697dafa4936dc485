-- name: insert-role-if-absent!
-- A role, only if no row has its id yet: 1 inserted, 0 already there. Concurrent callers can
-- deadlock on the key's gap lock; the service runs this in a transaction it retries.
INSERT INTO roles (id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas,
                   personality, system_prompt_addon, generation_prompt)
SELECT :id, :user_id, :is_default, :name, :name_cn, :title, :avatar_url, :focus_areas,
       :personality, :system_prompt_addon, :generation_prompt
  FROM DUAL
 WHERE NOT EXISTS (SELECT 1 FROM roles WHERE id = :id);
