-- Schema of the edu database on postgres, as the server's catalog shows it.

CREATE EXTENSION vector;

CREATE TABLE agent_sessions (
    id integer DEFAULT nextval('agent_sessions_id_seq'::regclass) NOT NULL,
    session_id character varying NOT NULL,
    user_progress_id integer,
    agent_type character varying NOT NULL,
    agent_id character varying,
    session_config jsonb,
    status character varying DEFAULT 'active'::character varying,
    started_at timestamp with time zone DEFAULT now(),
    last_activity timestamp with time zone DEFAULT now(),
    total_interactions integer DEFAULT 0,
    average_response_time double precision,
    error_count integer DEFAULT 0,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT agent_sessions_pkey PRIMARY KEY (id),
    CONSTRAINT agent_sessions_session_id_key UNIQUE (session_id),
    CONSTRAINT agent_sessions_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE
);

CREATE TABLE cache_entries (
    id integer DEFAULT nextval('cache_entries_id_seq'::regclass) NOT NULL,
    cache_key character varying NOT NULL,
    content_type character varying NOT NULL,
    content_data bytea,
    content_text text,
    metadata jsonb,
    ttl_seconds integer,
    access_count integer DEFAULT 0,
    last_accessed timestamp with time zone DEFAULT now(),
    created_at timestamp with time zone DEFAULT now(),
    expires_at timestamp with time zone,
    CONSTRAINT cache_entries_pkey PRIMARY KEY (id),
    CONSTRAINT cache_entries_cache_key_key UNIQUE (cache_key)
);
CREATE INDEX idx_cache_entries_expires_at ON cache_entries (expires_at);

CREATE TABLE conversation_logs (
    id integer DEFAULT nextval('conversation_logs_id_seq'::regclass) NOT NULL,
    user_progress_id integer,
    scene_id integer,
    message_type character varying NOT NULL,
    sender_name character varying,
    message_content text NOT NULL,
    turn_number integer,
    persona_id integer,
    processing_time double precision,
    token_count integer,
    model_used character varying,
    created_at timestamp with time zone DEFAULT now(),
    CONSTRAINT conversation_logs_pkey PRIMARY KEY (id),
    CONSTRAINT conversation_logs_persona_id_fkey FOREIGN KEY (persona_id) REFERENCES scenario_personas(id),
    CONSTRAINT conversation_logs_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id) ON DELETE CASCADE,
    CONSTRAINT conversation_logs_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE
);
CREATE INDEX idx_conversation_logs_created ON conversation_logs (created_at);
CREATE INDEX idx_conversation_logs_progress ON conversation_logs (user_progress_id);
CREATE INDEX idx_conversation_logs_progress_scene ON conversation_logs (user_progress_id, scene_id);
CREATE INDEX idx_conversation_logs_scene ON conversation_logs (scene_id);

CREATE TABLE conversation_summaries (
    id integer DEFAULT nextval('conversation_summaries_id_seq'::regclass) NOT NULL,
    session_id character varying NOT NULL,
    user_progress_id integer,
    summary_type character varying NOT NULL,
    content text NOT NULL,
    key_points jsonb,
    scene_id integer,
    turn_range_start integer,
    turn_range_end integer,
    created_at timestamp with time zone DEFAULT now(),
    CONSTRAINT conversation_summaries_pkey PRIMARY KEY (id),
    CONSTRAINT conversation_summaries_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id),
    CONSTRAINT conversation_summaries_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE
);

CREATE TABLE scenario_files (
    id integer DEFAULT nextval('scenario_files_id_seq'::regclass) NOT NULL,
    scenario_id integer,
    filename character varying NOT NULL,
    file_type character varying NOT NULL,
    file_size integer,
    file_path character varying NOT NULL,
    processing_status character varying DEFAULT 'pending'::character varying,
    processing_metadata jsonb,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT scenario_files_pkey PRIMARY KEY (id),
    CONSTRAINT scenario_files_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE
);
CREATE INDEX idx_scenario_files_scenario ON scenario_files (scenario_id);

CREATE TABLE scenario_personas (
    id integer DEFAULT nextval('scenario_personas_id_seq'::regclass) NOT NULL,
    scenario_id integer,
    name character varying NOT NULL,
    role character varying NOT NULL,
    background text,
    correlation text,
    primary_goals jsonb,
    personality_traits jsonb,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT scenario_personas_pkey PRIMARY KEY (id),
    CONSTRAINT scenario_personas_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE
);
CREATE INDEX idx_scenario_personas_scenario ON scenario_personas (scenario_id);

CREATE TABLE scenario_reviews (
    id integer DEFAULT nextval('scenario_reviews_id_seq'::regclass) NOT NULL,
    scenario_id integer,
    reviewer_id integer,
    rating integer NOT NULL,
    title character varying,
    review_text text,
    helpful_count integer DEFAULT 0,
    is_verified boolean DEFAULT false,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT scenario_reviews_pkey PRIMARY KEY (id),
    CONSTRAINT scenario_reviews_scenario_id_reviewer_id_key UNIQUE (scenario_id, reviewer_id),
    CONSTRAINT scenario_reviews_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES users(id) ON DELETE CASCADE,
    CONSTRAINT scenario_reviews_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE,
    CONSTRAINT scenario_reviews_rating_check CHECK (rating >= 1 AND rating <= 5)
);
CREATE INDEX idx_scenario_reviews_scenario_created ON scenario_reviews (scenario_id, created_at, id);

CREATE TABLE scenario_scenes (
    id integer DEFAULT nextval('scenario_scenes_id_seq'::regclass) NOT NULL,
    scenario_id integer,
    title character varying NOT NULL,
    description text,
    user_goal text,
    scene_order integer NOT NULL,
    estimated_duration integer,
    image_url character varying,
    image_prompt text,
    timeout_turns integer DEFAULT 20,
    success_metric text,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT scenario_scenes_pkey PRIMARY KEY (id),
    CONSTRAINT scenario_scenes_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE
);
CREATE INDEX idx_scenario_scenes_scenario_order ON scenario_scenes (scenario_id, scene_order);

CREATE TABLE scenarios (
    id integer DEFAULT nextval('scenarios_id_seq'::regclass) NOT NULL,
    title character varying NOT NULL,
    description text,
    challenge text,
    industry character varying,
    learning_objectives jsonb,
    source_type character varying DEFAULT 'manual'::character varying,
    pdf_content text,
    student_role character varying,
    category character varying,
    difficulty_level character varying,
    estimated_duration integer,
    tags jsonb,
    pdf_title character varying,
    pdf_source character varying,
    processing_version character varying DEFAULT '1.0'::character varying,
    rating_avg double precision DEFAULT 0.0,
    rating_count integer DEFAULT 0,
    is_public boolean DEFAULT false,
    is_template boolean DEFAULT false,
    allow_remixes boolean DEFAULT true,
    usage_count integer DEFAULT 0,
    clone_count integer DEFAULT 0,
    created_by integer,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT scenarios_pkey PRIMARY KEY (id),
    CONSTRAINT scenarios_created_by_fkey FOREIGN KEY (created_by) REFERENCES users(id)
);
CREATE INDEX idx_scenarios_created_at ON scenarios (created_at);
CREATE INDEX idx_scenarios_created_by ON scenarios (created_by);
CREATE INDEX idx_scenarios_industry ON scenarios (industry);
CREATE INDEX idx_scenarios_is_public ON scenarios (is_public);
CREATE INDEX idx_scenarios_public ON scenarios (is_public) WHERE (is_public = true);
CREATE INDEX idx_scenarios_public_rating ON scenarios (is_public, rating_avg DESC);
CREATE INDEX idx_scenarios_rating ON scenarios (rating_avg DESC);
CREATE INDEX idx_scenarios_rating_avg ON scenarios (rating_avg);
CREATE INDEX idx_scenarios_title ON scenarios (title);

CREATE TABLE scene_personas (
    scene_id integer NOT NULL,
    persona_id integer NOT NULL,
    involvement_level character varying DEFAULT 'participant'::character varying,
    created_at timestamp with time zone DEFAULT now(),
    CONSTRAINT scene_personas_pkey PRIMARY KEY (scene_id, persona_id),
    CONSTRAINT scene_personas_persona_id_fkey FOREIGN KEY (persona_id) REFERENCES scenario_personas(id) ON DELETE CASCADE,
    CONSTRAINT scene_personas_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id) ON DELETE CASCADE
);
CREATE INDEX idx_scene_personas_persona ON scene_personas (persona_id);

CREATE TABLE scene_progress (
    id integer DEFAULT nextval('scene_progress_id_seq'::regclass) NOT NULL,
    user_progress_id integer,
    scene_id integer,
    status character varying DEFAULT 'not_started'::character varying,
    started_at timestamp with time zone,
    completed_at timestamp with time zone,
    time_spent integer DEFAULT 0,
    turns_taken integer DEFAULT 0,
    hints_used integer DEFAULT 0,
    goal_achieved boolean DEFAULT false,
    completion_score double precision,
    feedback_data jsonb,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT scene_progress_pkey PRIMARY KEY (id),
    CONSTRAINT scene_progress_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id) ON DELETE CASCADE,
    CONSTRAINT scene_progress_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress(id) ON DELETE CASCADE
);

CREATE TABLE session_memory (
    id integer DEFAULT nextval('session_memory_id_seq'::regclass) NOT NULL,
    session_id character varying NOT NULL,
    user_id integer,
    scenario_id integer,
    scene_id integer,
    memory_type character varying NOT NULL,
    content text NOT NULL,
    metadata jsonb,
    importance_score double precision DEFAULT 0.5,
    access_count integer DEFAULT 0,
    last_accessed timestamp with time zone DEFAULT now(),
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT session_memory_pkey PRIMARY KEY (id),
    CONSTRAINT session_memory_session_id_key UNIQUE (session_id),
    CONSTRAINT session_memory_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE,
    CONSTRAINT session_memory_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes(id),
    CONSTRAINT session_memory_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX idx_session_memory_last_accessed ON session_memory (last_accessed);
CREATE INDEX idx_session_memory_user_importance ON session_memory (user_id, importance_score DESC, id DESC);

CREATE TABLE user_progress (
    id integer DEFAULT nextval('user_progress_id_seq'::regclass) NOT NULL,
    user_id integer,
    scenario_id integer,
    current_scene_id integer,
    status character varying DEFAULT 'in_progress'::character varying,
    started_at timestamp with time zone DEFAULT now(),
    completed_at timestamp with time zone,
    total_time_spent integer DEFAULT 0,
    current_turn integer DEFAULT 0,
    total_turns integer DEFAULT 0,
    hints_used integer DEFAULT 0,
    scenes_completed integer DEFAULT 0,
    total_scenes integer,
    completion_percentage double precision DEFAULT 0.0,
    orchestrator_data jsonb,
    conversation_summary text,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT user_progress_pkey PRIMARY KEY (id),
    CONSTRAINT user_progress_current_scene_id_fkey FOREIGN KEY (current_scene_id) REFERENCES scenario_scenes(id),
    CONSTRAINT user_progress_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios(id) ON DELETE CASCADE,
    CONSTRAINT user_progress_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE
);
CREATE INDEX idx_user_progress_scenario ON user_progress (scenario_id);
CREATE INDEX idx_user_progress_status ON user_progress (status);
CREATE INDEX idx_user_progress_user ON user_progress (user_id);
CREATE INDEX idx_user_progress_user_status ON user_progress (user_id, status);

CREATE TABLE users (
    id integer DEFAULT nextval('users_id_seq'::regclass) NOT NULL,
    email character varying NOT NULL,
    full_name character varying,
    username character varying NOT NULL,
    password_hash character varying NOT NULL,
    bio text,
    avatar_url character varying,
    role character varying DEFAULT 'user'::character varying,
    published_scenarios integer DEFAULT 0,
    total_simulations integer DEFAULT 0,
    reputation_score double precision DEFAULT 0.0,
    profile_public boolean DEFAULT true,
    allow_contact boolean DEFAULT true,
    is_active boolean DEFAULT true,
    is_verified boolean DEFAULT false,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
);
CREATE INDEX idx_users_created_at ON users (created_at);
CREATE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_role ON users (role);
CREATE INDEX idx_users_username ON users (username);

CREATE TABLE vector_embeddings (
    id integer DEFAULT nextval('vector_embeddings_id_seq'::regclass) NOT NULL,
    content_type character varying NOT NULL,
    content_id integer,
    content text NOT NULL,
    embedding vector(1536),
    metadata jsonb,
    collection_name character varying DEFAULT 'default'::character varying,
    document_id character varying,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT vector_embeddings_pkey PRIMARY KEY (id)
);
CREATE INDEX idx_vector_embeddings_embedding_hnsw ON vector_embeddings USING hnsw (embedding vector_cosine_ops);
CREATE UNIQUE INDEX vector_embeddings_collection_name_document_id_key ON vector_embeddings (collection_name, document_id);
