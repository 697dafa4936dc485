-- Schema of the smartlite database on postgres, as the server's catalog shows it.

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

CREATE TABLE api_keys (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    name character varying(255) NOT NULL,
    key character varying(255) NOT NULL,
    last_used_at timestamp(0) with time zone,
    expires_at timestamp(0) with time zone,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    scope character varying(6) DEFAULT 'user'::character varying NOT NULL,
    CONSTRAINT api_keys_pkey PRIMARY KEY (id),
    CONSTRAINT api_keys_key_key UNIQUE (key),
    CONSTRAINT api_keys_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT api_keys_scope_check CHECK (scope::text = ANY (ARRAY['user'::character varying, 'worker'::character varying]::text[]))
);
CREATE INDEX api_keys_user_id_fkey ON api_keys (user_id);
CREATE TRIGGER api_keys_set_updated_at BEFORE UPDATE ON api_keys FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE llm_conversations (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    title character varying(255),
    model character varying(50),
    system_prompt text,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT llm_conversations_pkey PRIMARY KEY (id),
    CONSTRAINT llm_conversations_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);
CREATE INDEX idx_llm_conversations_user_id_updated_at ON llm_conversations (user_id, updated_at);
CREATE INDEX llm_conversations_user_id_fkey ON llm_conversations (user_id);
CREATE TRIGGER llm_conversations_set_updated_at BEFORE UPDATE ON llm_conversations FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE llm_messages (
    id character varying(128) NOT NULL,
    conversation_id character varying(128) NOT NULL,
    role character varying(9) NOT NULL,
    content text NOT NULL,
    tokens integer,
    metadata jsonb,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT llm_messages_pkey PRIMARY KEY (id),
    CONSTRAINT llm_messages_conversation_id_fkey FOREIGN KEY (conversation_id) REFERENCES llm_conversations(id),
    CONSTRAINT llm_messages_role_check CHECK (role::text = ANY (ARRAY['user'::character varying, 'assistant'::character varying, 'system'::character varying]::text[]))
);
CREATE INDEX idx_llm_messages_conversation_id_id ON llm_messages (conversation_id, id);
CREATE INDEX llm_messages_conversation_id_fkey ON llm_messages (conversation_id);

CREATE TABLE pipeline_executions (
    id character varying(128) NOT NULL,
    pipeline_id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    status character varying(9) DEFAULT 'pending'::character varying NOT NULL,
    input_data jsonb,
    output_data jsonb,
    error_message text,
    execution_time integer,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    completed_at timestamp(0) with time zone,
    CONSTRAINT pipeline_executions_pkey PRIMARY KEY (id),
    CONSTRAINT pipeline_executions_pipeline_id_fkey FOREIGN KEY (pipeline_id) REFERENCES pipelines(id),
    CONSTRAINT pipeline_executions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT pipeline_executions_status_check CHECK (status::text = ANY (ARRAY['pending'::character varying, 'running'::character varying, 'completed'::character varying, 'failed'::character varying, 'cancelled'::character varying]::text[]))
);
CREATE INDEX idx_pipeline_executions_pipeline_id_created_at ON pipeline_executions (pipeline_id, created_at);
CREATE INDEX idx_pipeline_executions_user_id_created_at ON pipeline_executions (user_id, created_at);
CREATE INDEX pipeline_executions_pipeline_id_fkey ON pipeline_executions (pipeline_id);
CREATE INDEX pipeline_executions_user_id_fkey ON pipeline_executions (user_id);
CREATE TRIGGER pipeline_executions_set_updated_at BEFORE UPDATE ON pipeline_executions FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE pipelines (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    name character varying(255),
    description text,
    config jsonb,
    status character varying(8) DEFAULT 'active'::character varying NOT NULL,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT pipelines_pkey PRIMARY KEY (id),
    CONSTRAINT pipelines_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT pipelines_status_check CHECK (status::text = ANY (ARRAY['active'::character varying, 'inactive'::character varying, 'archived'::character varying]::text[]))
);
CREATE INDEX idx_pipelines_user_id_created_at ON pipelines (user_id, created_at);
CREATE INDEX pipelines_user_id_fkey ON pipelines (user_id);
CREATE TRIGGER pipelines_set_updated_at BEFORE UPDATE ON pipelines FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE refresh_tokens (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    token character varying(500) NOT NULL,
    expires_at timestamp(0) with time zone NOT NULL,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    session_id character varying(128),
    used_at timestamp(0) with time zone,
    CONSTRAINT refresh_tokens_pkey PRIMARY KEY (id),
    CONSTRAINT refresh_tokens_token_key UNIQUE (token),
    CONSTRAINT refresh_tokens_session_id_fkey FOREIGN KEY (session_id) REFERENCES sessions(id) ON DELETE CASCADE,
    CONSTRAINT refresh_tokens_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);
CREATE INDEX refresh_tokens_session_id_fkey ON refresh_tokens (session_id);
CREATE INDEX refresh_tokens_user_id_fkey ON refresh_tokens (user_id);

CREATE TABLE sessions (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    token character varying(500) NOT NULL,
    ip_address character varying(45),
    user_agent text,
    expires_at timestamp(0) with time zone NOT NULL,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT sessions_pkey PRIMARY KEY (id),
    CONSTRAINT sessions_token_key UNIQUE (token),
    CONSTRAINT sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX idx_sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user_id_fkey ON sessions (user_id);

CREATE TABLE transcriptions (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    audio_url text,
    transcript_text text,
    language character varying(10),
    status character varying(10) DEFAULT 'pending'::character varying NOT NULL,
    duration numeric(10,2),
    model character varying(50),
    confidence numeric(5,4),
    error_message text,
    metadata jsonb,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    completed_at timestamp(0) with time zone,
    CONSTRAINT transcriptions_pkey PRIMARY KEY (id),
    CONSTRAINT transcriptions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT transcriptions_status_check CHECK (status::text = ANY (ARRAY['pending'::character varying, 'processing'::character varying, 'completed'::character varying, 'failed'::character varying]::text[]))
);
CREATE INDEX idx_transcriptions_status_created_at ON transcriptions (status, created_at);
CREATE INDEX idx_transcriptions_user_id_created_at ON transcriptions (user_id, created_at);
CREATE TRIGGER transcriptions_set_updated_at BEFORE UPDATE ON transcriptions FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE tts_requests (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    input_text text,
    audio_url text,
    voice character varying(50),
    language character varying(10),
    status character varying(10) DEFAULT 'pending'::character varying NOT NULL,
    duration numeric(10,2),
    model character varying(50),
    error_message text,
    metadata jsonb,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    completed_at timestamp(0) with time zone,
    CONSTRAINT tts_requests_pkey PRIMARY KEY (id),
    CONSTRAINT tts_requests_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT tts_requests_status_check CHECK (status::text = ANY (ARRAY['pending'::character varying, 'processing'::character varying, 'completed'::character varying, 'failed'::character varying]::text[]))
);
CREATE INDEX idx_tts_requests_status_created_at ON tts_requests (status, created_at);
CREATE INDEX idx_tts_requests_user_id_created_at ON tts_requests (user_id, created_at);
CREATE INDEX tts_requests_user_id_fkey ON tts_requests (user_id);
CREATE TRIGGER tts_requests_set_updated_at BEFORE UPDATE ON tts_requests FOR EACH ROW EXECUTE FUNCTION set_updated_at();

CREATE TABLE usage_metrics (
    id character varying(128) NOT NULL,
    user_id character varying(128) NOT NULL,
    service character varying(8) NOT NULL,
    request_count integer,
    token_count integer,
    cost numeric(10,4),
    date timestamp(0) with time zone,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT usage_metrics_pkey PRIMARY KEY (id),
    CONSTRAINT usage_metrics_user_id_service_date_key UNIQUE (user_id, service, date),
    CONSTRAINT usage_metrics_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id),
    CONSTRAINT usage_metrics_service_check CHECK (service::text = ANY (ARRAY['asr'::character varying, 'tts'::character varying, 'llm'::character varying, 'pipeline'::character varying]::text[]))
);
CREATE INDEX usage_metrics_user_id_fkey ON usage_metrics (user_id);

CREATE TABLE users (
    id character varying(128) NOT NULL,
    email character varying(255) NOT NULL,
    username character varying(100) NOT NULL,
    password_hash character varying(255) NOT NULL,
    first_name character varying(100),
    last_name character varying(100),
    avatar text,
    is_active boolean DEFAULT true,
    is_verified boolean DEFAULT false,
    last_login_at timestamp(0) with time zone,
    created_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    updated_at timestamp(0) with time zone DEFAULT CURRENT_TIMESTAMP NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
);
CREATE TRIGGER users_set_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION set_updated_at();
