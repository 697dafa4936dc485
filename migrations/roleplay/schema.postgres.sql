-- Schema of the roleplay database on postgres, as the server's catalog shows it.

CREATE OR REPLACE FUNCTION set_updated_at()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
BEGIN
    IF NEW IS DISTINCT FROM OLD AND NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
        NEW.updated_at := now();
    END IF;
    RETURN NEW;
END;
$function$;

CREATE TABLE roles (
    id character varying(36) NOT NULL,
    user_id character varying(36),
    is_default boolean DEFAULT false NOT NULL,
    name character varying(100),
    name_cn character varying(100),
    title character varying(100),
    avatar_url character varying(512),
    focus_areas jsonb,
    personality jsonb,
    system_prompt_addon text,
    generation_prompt text,
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT roles_pkey PRIMARY KEY (id),
    CONSTRAINT roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);
CREATE INDEX idx_roles_is_default_created_at ON roles (is_default, created_at, id);
CREATE INDEX idx_roles_name_cn ON roles (name_cn);
CREATE INDEX idx_roles_user_id ON roles (user_id);
CREATE TRIGGER roles_set_updated_at BEFORE UPDATE ON roles FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE scenarios (
    id character varying(36) NOT NULL,
    user_id character varying(36),
    is_default boolean DEFAULT false NOT NULL,
    title character varying(255),
    subtitle character varying(255),
    description text,
    tags jsonb,
    script_content text,
    generation_prompt text,
    workflow text,
    knowledge_points text,
    scoring_criteria text,
    scoring_dimensions jsonb,
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT scenarios_pkey PRIMARY KEY (id),
    CONSTRAINT scenarios_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT scenarios_script_content_check CHECK (octet_length(script_content) <= 16777215)
);
CREATE INDEX idx_scenarios_is_default_created_at ON scenarios (is_default, created_at, id);
CREATE INDEX idx_scenarios_title ON scenarios (title);
CREATE INDEX idx_scenarios_user_id ON scenarios (user_id);
CREATE TRIGGER scenarios_set_updated_at BEFORE UPDATE ON scenarios FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE session_records (
    id character varying(36) NOT NULL,
    user_id character varying(36) NOT NULL,
    scenario_id character varying(36),
    role_id character varying(36),
    start_time timestamp(0) without time zone,
    score integer,
    duration_seconds integer,
    messages jsonb,
    ai_analysis jsonb,
    audio_url character varying(512),
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT session_records_pkey PRIMARY KEY (id),
    CONSTRAINT session_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);
CREATE INDEX idx_session_records_role_id ON session_records (role_id);
CREATE INDEX idx_session_records_scenario_id ON session_records (scenario_id);
CREATE INDEX idx_session_records_start_time ON session_records (start_time);
CREATE INDEX idx_session_records_user_id ON session_records (user_id);
CREATE TRIGGER session_records_set_updated_at BEFORE UPDATE ON session_records FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE users (
    id character varying(36) NOT NULL,
    username character varying(100),
    avatar_url character varying(512),
    settings jsonb,
    created_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp without time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username)
);
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
