-- name: insert-role-if-absent!
-- A role, only if no row has its id yet: 1 inserted, 0 already there. Concurrent callers wait
-- for each other on the key, so none fails and one copy results.
INSERT INTO roles (id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas,
                   personality, system_prompt_addon, generation_prompt)
VALUES (:id, :user_id, :is_default, :name, :name_cn, :title, :avatar_url, :focus_areas,
        :personality, :system_prompt_addon, :generation_prompt)
    ON CONFLICT (id) DO NOTHING;
