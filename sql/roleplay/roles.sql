-- Role-play partners (seed 000, roles). Same ownership as scenarios: user_id NULL with
-- is_default true is a system template. An :owner of NULL means an admin acting on any row.
-- Optional filters are written `<test> OR :param IS NULL`, the test first: PostgreSQL takes a
-- parameter's type from its first use.

-- name: list-visible-roles
-- One keyset page of what :viewer may see, newest first: their own roles and the templates,
-- optionally only name_cn = :name_cn (idx_roles_name_cn) and only names containing :q (name or
-- name_cn, any case). Two index-ordered branches cut at :limit, then merged.
(SELECT id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas, personality,
        created_at, updated_at
   FROM roles
  WHERE user_id = :viewer
    AND (created_at < :before_created_at
         OR (created_at = :before_created_at AND id < :before_id))
    AND (name_cn = :name_cn OR :name_cn IS NULL)
    AND (POSITION(LOWER(:q) IN LOWER(name)) > 0 OR POSITION(LOWER(:q) IN LOWER(name_cn)) > 0
         OR :q IS NULL)
  ORDER BY created_at DESC, id DESC
  LIMIT :limit)
UNION ALL
(SELECT id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas, personality,
        created_at, updated_at
   FROM roles
  WHERE is_default
    AND (user_id IS NULL OR user_id <> :viewer)
    AND (created_at < :before_created_at
         OR (created_at = :before_created_at AND id < :before_id))
    AND (name_cn = :name_cn OR :name_cn IS NULL)
    AND (POSITION(LOWER(:q) IN LOWER(name)) > 0 OR POSITION(LOWER(:q) IN LOWER(name_cn)) > 0
         OR :q IS NULL)
  ORDER BY created_at DESC, id DESC
  LIMIT :limit)
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: list-all-roles
-- One keyset page of every role (admin), newest first, with the same filters.
SELECT id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas, personality,
       created_at, updated_at
  FROM roles
 WHERE (created_at < :before_created_at
        OR (created_at = :before_created_at AND id < :before_id))
   AND (name_cn = :name_cn OR :name_cn IS NULL)
   AND (POSITION(LOWER(:q) IN LOWER(name)) > 0 OR POSITION(LOWER(:q) IN LOWER(name_cn)) > 0
        OR :q IS NULL)
 ORDER BY created_at DESC, id DESC
 LIMIT :limit;

-- name: get-role^
-- One role in full, if :viewer may see it (their own or a template; NULL: an admin).
SELECT id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas, personality,
       system_prompt_addon, generation_prompt, created_at, updated_at
  FROM roles
 WHERE id = :id
   AND (user_id = :viewer OR is_default OR :viewer IS NULL);

-- name: get-role-by-id^
-- One role in full by id alone: the read-back after a write where the engine cannot RETURN
-- (the write already decided who may).
SELECT id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas, personality,
       system_prompt_addon, generation_prompt, created_at, updated_at
  FROM roles
 WHERE id = :id;

-- name: get-role-access^
-- Who owns a role and whether it is a template (403 versus 404; an import's ids); a locking read,
-- so inside an import it sees a row another transaction just committed.
SELECT user_id, is_default
  FROM roles
 WHERE id = :id
   FOR UPDATE;

-- name: insert-role^
-- then: get-role-by-id
-- A new role; a taken id is refused by roles_pkey.
INSERT INTO roles (id, user_id, is_default, name, name_cn, title, avatar_url, focus_areas,
                   personality, system_prompt_addon, generation_prompt)
VALUES (:id, :user_id, :is_default, :name, :name_cn, :title, :avatar_url, :focus_areas,
        :personality, :system_prompt_addon, :generation_prompt);

-- name: update-role^
-- then: get-role-by-id
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
   AND (user_id = :owner OR :owner IS NULL);

-- name: delete-role!
-- Removes one of :owner's roles. Session records keep their role_id (not a key).
DELETE FROM roles
 WHERE id = :id
   AND (user_id = :owner OR :owner IS NULL);

-- name: count-own-roles$
-- How many roles a user owns, templates not counted (migration detection).
SELECT COUNT(*)
  FROM roles
 WHERE user_id = :user_id;
