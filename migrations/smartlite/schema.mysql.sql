-- Schema of the smartlite database on mysql, as the server's catalog shows it.

CREATE TABLE api_keys (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    name varchar(255) NOT NULL,
    key varchar(255) NOT NULL,
    last_used_at timestamp,
    expires_at timestamp,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    updated_at timestamp NOT NULL DEFAULT current_timestamp on update current_timestamp,
    scope enum('user','worker') NOT NULL DEFAULT 'user',
    PRIMARY KEY (id),
    CONSTRAINT api_keys_key_key UNIQUE (key),
    CONSTRAINT api_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX api_keys_user_id_fkey ON api_keys (user_id);

CREATE TABLE llm_conversations (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    title varchar(255),
    model varchar(50),
    system_prompt text,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    updated_at timestamp NOT NULL DEFAULT current_timestamp on update current_timestamp,
    PRIMARY KEY (id),
    CONSTRAINT llm_conversations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_llm_conversations_user_id_updated_at ON llm_conversations (user_id, updated_at);

CREATE TABLE llm_messages (
    id varchar(128) NOT NULL,
    conversation_id varchar(128) NOT NULL,
    role enum('user','assistant','system') NOT NULL,
    content text NOT NULL,
    tokens int,
    metadata json,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (id),
    CONSTRAINT llm_messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES llm_conversations (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_llm_messages_conversation_id_id ON llm_messages (conversation_id, id);

CREATE TABLE pipelines (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    name varchar(255),
    description text,
    config json,
    status enum('active','inactive','archived') NOT NULL DEFAULT 'active',
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    updated_at timestamp NOT NULL DEFAULT current_timestamp on update current_timestamp,
    PRIMARY KEY (id),
    CONSTRAINT pipelines_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_pipelines_user_id_created_at ON pipelines (user_id, created_at);

CREATE TABLE pipeline_executions (
    id varchar(128) NOT NULL,
    pipeline_id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    status enum('pending','running','completed','failed','cancelled') NOT NULL DEFAULT 'pending',
    input_data json,
    output_data json,
    error_message text,
    execution_time int,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    updated_at timestamp NOT NULL DEFAULT current_timestamp on update current_timestamp,
    completed_at timestamp,
    PRIMARY KEY (id),
    CONSTRAINT pipeline_executions_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES pipelines (id),
    CONSTRAINT pipeline_executions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_pipeline_executions_pipeline_id_created_at ON pipeline_executions (pipeline_id, created_at);
CREATE INDEX idx_pipeline_executions_user_id_created_at ON pipeline_executions (user_id, created_at);

CREATE TABLE refresh_tokens (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    token varchar(500) NOT NULL,
    expires_at timestamp NOT NULL,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    session_id varchar(128),
    used_at timestamp,
    PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_token_key UNIQUE (token),
    CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES sessions (id) ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX refresh_tokens_session_id_fkey ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_user_id_fkey ON refresh_tokens (user_id);

CREATE TABLE sessions (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    token varchar(500) NOT NULL,
    ip_address varchar(45),
    user_agent text,
    expires_at timestamp NOT NULL,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (id),
    CONSTRAINT sessions_token_key UNIQUE (token),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id_fkey ON sessions (user_id);

CREATE TABLE transcriptions (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    audio_url text,
    transcript_text text,
    language varchar(10),
    status enum('pending','processing','completed','failed') NOT NULL DEFAULT 'pending',
    duration decimal(10,2),
    model varchar(50),
    confidence decimal(5,4),
    error_message text,
    metadata json,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    updated_at timestamp NOT NULL DEFAULT current_timestamp on update current_timestamp,
    completed_at timestamp,
    PRIMARY KEY (id),
    CONSTRAINT transcriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_transcriptions_status_created_at ON transcriptions (status, created_at);
CREATE INDEX idx_transcriptions_user_id_created_at ON transcriptions (user_id, created_at);

CREATE TABLE tts_requests (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    input_text text,
    audio_url text,
    voice varchar(50),
    language varchar(10),
    status enum('pending','processing','completed','failed') NOT NULL DEFAULT 'pending',
    duration decimal(10,2),
    model varchar(50),
    error_message text,
    metadata json,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    updated_at timestamp NOT NULL DEFAULT current_timestamp on update current_timestamp,
    completed_at timestamp,
    PRIMARY KEY (id),
    CONSTRAINT tts_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
CREATE INDEX idx_tts_requests_status_created_at ON tts_requests (status, created_at);
CREATE INDEX idx_tts_requests_user_id_created_at ON tts_requests (user_id, created_at);

CREATE TABLE usage_metrics (
    id varchar(128) NOT NULL,
    user_id varchar(128) NOT NULL,
    service enum('asr','tts','llm','pipeline') NOT NULL,
    request_count int,
    token_count int,
    cost decimal(10,4),
    date timestamp,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (id),
    CONSTRAINT usage_metrics_user_id_service_date_key UNIQUE (user_id, service, date),
    CONSTRAINT usage_metrics_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
    id varchar(128) NOT NULL,
    email varchar(255) NOT NULL,
    username varchar(100) NOT NULL,
    password_hash varchar(255) NOT NULL,
    first_name varchar(100),
    last_name varchar(100),
    avatar text,
    is_active tinyint(1) DEFAULT 1,
    is_verified tinyint(1) DEFAULT 0,
    last_login_at timestamp,
    created_at timestamp NOT NULL DEFAULT current_timestamp,
    updated_at timestamp NOT NULL DEFAULT current_timestamp on update current_timestamp,
    PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci;
