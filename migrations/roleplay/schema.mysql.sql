-- Schema of the roleplay database on mysql, as the server's catalog shows it.

CREATE TABLE roles (
    id varchar(36) NOT NULL,
    user_id varchar(36),
    is_default tinyint(1) NOT NULL DEFAULT 0,
    name varchar(100),
    name_cn varchar(100),
    title varchar(100),
    avatar_url varchar(512),
    focus_areas json,
    personality json,
    system_prompt_addon text,
    generation_prompt text,
    created_at datetime(6) NOT NULL DEFAULT current_timestamp(6),
    updated_at datetime(6) NOT NULL DEFAULT current_timestamp(6) on update current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT roles_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_roles_is_default_created_at ON roles (is_default, created_at, id);
CREATE INDEX idx_roles_name_cn ON roles (name_cn);
CREATE INDEX idx_roles_user_id ON roles (user_id);

CREATE TABLE scenarios (
    id varchar(36) NOT NULL,
    user_id varchar(36),
    is_default tinyint(1) NOT NULL DEFAULT 0,
    title varchar(255),
    subtitle varchar(255),
    description text,
    tags json,
    script_content mediumtext,
    generation_prompt text,
    workflow text,
    knowledge_points text,
    scoring_criteria text,
    scoring_dimensions json,
    created_at datetime(6) NOT NULL DEFAULT current_timestamp(6),
    updated_at datetime(6) NOT NULL DEFAULT current_timestamp(6) on update current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT scenarios_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_scenarios_is_default_created_at ON scenarios (is_default, created_at, id);
CREATE INDEX idx_scenarios_title ON scenarios (title);
CREATE INDEX idx_scenarios_user_id ON scenarios (user_id);

CREATE TABLE session_records (
    id varchar(36) NOT NULL,
    user_id varchar(36) NOT NULL,
    scenario_id varchar(36),
    role_id varchar(36),
    start_time datetime,
    score int,
    duration_seconds int,
    messages json,
    ai_analysis json,
    audio_url varchar(512),
    created_at datetime(6) NOT NULL DEFAULT current_timestamp(6),
    updated_at datetime(6) NOT NULL DEFAULT current_timestamp(6) on update current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT session_records_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_session_records_role_id ON session_records (role_id);
CREATE INDEX idx_session_records_scenario_id ON session_records (scenario_id);
CREATE INDEX idx_session_records_start_time ON session_records (start_time);
CREATE INDEX idx_session_records_user_id ON session_records (user_id);

CREATE TABLE users (
    id varchar(36) NOT NULL,
    username varchar(100),
    avatar_url varchar(512),
    settings json,
    created_at datetime(6) NOT NULL DEFAULT current_timestamp(6),
    updated_at datetime(6) NOT NULL DEFAULT current_timestamp(6) on update current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
