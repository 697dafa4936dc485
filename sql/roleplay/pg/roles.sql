-- name: insert-role-if-absent!
-- A role, only if no row has its id yet: 1 inserted, 0 already there. Concurrent callers wait
-- for each other on the key, so none fails and one copy results.
INSERT INTO roles (id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas,
                   personality, system_prompt_addon, generation_prompt)
VALUES (:id, :user_id, :is_default, :name, :name_cn, :title, :avatar_url, :focus_areas,
        :personality, :system_prompt_addon, :generation_prompt)
    ON CONFLICT (id) DO NOTHING;

-- name: insert-role^
-- A new role; a taken id is refused by roles_pkey.
INSERT INTO roles (id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas,
                   personality, system_prompt_addon, generation_prompt)
VALUES (:id, :user_id, :is_default, :name, :name_cn, :title, :avatar_url, :focus_areas,
        :personality, :system_prompt_addon, :generation_prompt)
RETURNING id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas, personality,
       system_prompt_addon, generation_prompt, created_at, updated_at;

-- name: update-role^
-- A partial update of one of :owner's roles: a column changes only when its :set_<column>
-- flag is true. Always moves updated_at; created_at never changes.
UPDATE roles
   SET name = CASE WHEN :set_name THEN :name ELSE name END,
       name_cn = CASE WHEN :set_name_cn THEN :name_cn ELSE name_cn END,
       title = CASE WHEN :set_title THEN :title ELSE title END,
       avatar_url = CASE WHEN :set_avatar_url THEN :avatar_url ELSE avatar_url END,
       focus_areas = CASE WHEN :set_focus_areas THEN :focus_areas ELSE focus_areas END,
       personality = CASE WHEN :set_personality THEN :personality ELSE personality END,
       system_prompt_addon = CASE WHEN :set_system_prompt_addon THEN :system_prompt_addon
                                  ELSE system_prompt_addon END,
       generation_prompt = CASE WHEN :set_generation_prompt THEN :generation_prompt
                                ELSE generation_prompt END,
       updated_at = CURRENT_TIMESTAMP(6)
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL)
RETURNING id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas, personality,
       system_prompt_addon, generation_prompt, created_at, updated_at;
