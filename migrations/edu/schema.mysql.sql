-- Schema of the edu database on mysql, as the server's catalog shows it.

CREATE TABLE agent_sessions (
    id int NOT NULL auto_increment,
    session_id varchar(255) NOT NULL,
    user_progress_id int,
    agent_type varchar(255) NOT NULL,
    agent_id varchar(255),
    session_config json,
    status varchar(255) DEFAULT 'active',
    started_at datetime(6) DEFAULT current_timestamp(6),
    last_activity datetime(6) DEFAULT current_timestamp(6),
    total_interactions int DEFAULT 0,
    average_response_time double,
    error_count int DEFAULT 0,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT agent_sessions_session_id_key UNIQUE (session_id),
    CONSTRAINT agent_sessions_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX agent_sessions_user_progress_id_fkey ON agent_sessions (user_progress_id);

CREATE TABLE cache_entries (
    id int NOT NULL auto_increment,
    cache_key varchar(255) NOT NULL,
    content_type varchar(255) NOT NULL,
    content_data longblob,
    content_text longtext,
    metadata json,
    ttl_seconds int,
    access_count int DEFAULT 0,
    last_accessed datetime(6) DEFAULT current_timestamp(6),
    created_at datetime(6) DEFAULT current_timestamp(6),
    expires_at datetime(6),
    PRIMARY KEY (id),
    CONSTRAINT cache_entries_cache_key_key UNIQUE (cache_key)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_cache_entries_expires_at ON cache_entries (expires_at);

CREATE TABLE conversation_logs (
    id int NOT NULL auto_increment,
    user_progress_id int,
    scene_id int,
    message_type varchar(255) NOT NULL,
    sender_name varchar(255),
    message_content longtext NOT NULL,
    turn_number int,
    persona_id int,
    processing_time double,
    token_count int,
    model_used varchar(255),
    created_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT conversation_logs_persona_id_fkey FOREIGN KEY (persona_id) REFERENCES scenario_personas (id),
    CONSTRAINT conversation_logs_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes (id) ON DELETE CASCADE,
    CONSTRAINT conversation_logs_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX conversation_logs_persona_id_fkey ON conversation_logs (persona_id);
CREATE INDEX idx_conversation_logs_created ON conversation_logs (created_at);
CREATE INDEX idx_conversation_logs_progress ON conversation_logs (user_progress_id);
CREATE INDEX idx_conversation_logs_progress_scene ON conversation_logs (user_progress_id, scene_id);
CREATE INDEX idx_conversation_logs_scene ON conversation_logs (scene_id);

CREATE TABLE conversation_summaries (
    id int NOT NULL auto_increment,
    session_id varchar(255) NOT NULL,
    user_progress_id int,
    summary_type varchar(255) NOT NULL,
    content longtext NOT NULL,
    key_points json,
    scene_id int,
    turn_range_start int,
    turn_range_end int,
    created_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT conversation_summaries_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes (id),
    CONSTRAINT conversation_summaries_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX conversation_summaries_scene_id_fkey ON conversation_summaries (scene_id);
CREATE INDEX conversation_summaries_user_progress_id_fkey ON conversation_summaries (user_progress_id);

CREATE TABLE scenarios (
    id int NOT NULL auto_increment,
    title varchar(255) NOT NULL,
    description longtext,
    challenge longtext,
    industry varchar(255),
    learning_objectives json,
    source_type varchar(255) DEFAULT 'manual',
    pdf_content longtext,
    student_role varchar(255),
    category varchar(255),
    difficulty_level varchar(255),
    estimated_duration int,
    tags json,
    pdf_title varchar(255),
    pdf_source varchar(2048),
    processing_version varchar(255) DEFAULT '1.0',
    rating_avg double DEFAULT 0,
    rating_count int DEFAULT 0,
    is_public tinyint(1) DEFAULT 0,
    is_template tinyint(1) DEFAULT 0,
    allow_remixes tinyint(1) DEFAULT 1,
    usage_count int DEFAULT 0,
    clone_count int DEFAULT 0,
    created_by int,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT scenarios_created_by_fkey FOREIGN KEY (created_by) REFERENCES users (id)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_scenarios_created_at ON scenarios (created_at);
CREATE INDEX idx_scenarios_created_by ON scenarios (created_by);
CREATE INDEX idx_scenarios_industry ON scenarios (industry);
CREATE INDEX idx_scenarios_is_public ON scenarios (is_public);
CREATE INDEX idx_scenarios_public ON scenarios (is_public);
CREATE INDEX idx_scenarios_public_rating ON scenarios (is_public, rating_avg DESC);
CREATE INDEX idx_scenarios_rating ON scenarios (rating_avg DESC);
CREATE INDEX idx_scenarios_rating_avg ON scenarios (rating_avg);
CREATE INDEX idx_scenarios_title ON scenarios (title);

CREATE TABLE scenario_files (
    id int NOT NULL auto_increment,
    scenario_id int,
    filename varchar(255) NOT NULL,
    file_type varchar(255) NOT NULL,
    file_size int,
    file_path varchar(2048) NOT NULL,
    processing_status varchar(255) DEFAULT 'pending',
    processing_metadata json,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT scenario_files_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_scenario_files_scenario ON scenario_files (scenario_id);

CREATE TABLE scenario_personas (
    id int NOT NULL auto_increment,
    scenario_id int,
    name varchar(255) NOT NULL,
    role varchar(255) NOT NULL,
    background longtext,
    correlation longtext,
    primary_goals json,
    personality_traits json,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT scenario_personas_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_scenario_personas_scenario ON scenario_personas (scenario_id);

CREATE TABLE scenario_reviews (
    id int NOT NULL auto_increment,
    scenario_id int,
    reviewer_id int,
    rating int NOT NULL,
    title varchar(255),
    review_text longtext,
    helpful_count int DEFAULT 0,
    is_verified tinyint(1) DEFAULT 0,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT scenario_reviews_scenario_id_reviewer_id_key UNIQUE (scenario_id, reviewer_id),
    CONSTRAINT scenario_reviews_reviewer_id_fkey FOREIGN KEY (reviewer_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT scenario_reviews_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE CASCADE,
    CONSTRAINT scenario_reviews_rating_check CHECK (`rating` >= 1 and `rating` <= 5)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_scenario_reviews_scenario_created ON scenario_reviews (scenario_id, created_at, id);
CREATE INDEX scenario_reviews_reviewer_id_fkey ON scenario_reviews (reviewer_id);

CREATE TABLE scenario_scenes (
    id int NOT NULL auto_increment,
    scenario_id int,
    title varchar(255) NOT NULL,
    description longtext,
    user_goal longtext,
    scene_order int NOT NULL,
    estimated_duration int,
    image_url varchar(2048),
    image_prompt longtext,
    timeout_turns int DEFAULT 20,
    success_metric longtext,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT scenario_scenes_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_scenario_scenes_scenario_order ON scenario_scenes (scenario_id, scene_order);

CREATE TABLE scene_personas (
    scene_id int NOT NULL,
    persona_id int NOT NULL,
    involvement_level varchar(255) DEFAULT 'participant',
    created_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (scene_id, persona_id),
    CONSTRAINT scene_personas_persona_id_fkey FOREIGN KEY (persona_id) REFERENCES scenario_personas (id) ON DELETE CASCADE,
    CONSTRAINT scene_personas_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_scene_personas_persona ON scene_personas (persona_id);

CREATE TABLE scene_progress (
    id int NOT NULL auto_increment,
    user_progress_id int,
    scene_id int,
    status varchar(255) DEFAULT 'not_started',
    started_at datetime(6),
    completed_at datetime(6),
    time_spent int DEFAULT 0,
    turns_taken int DEFAULT 0,
    hints_used int DEFAULT 0,
    goal_achieved tinyint(1) DEFAULT 0,
    completion_score double,
    feedback_data json,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT scene_progress_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes (id) ON DELETE CASCADE,
    CONSTRAINT scene_progress_user_progress_id_fkey FOREIGN KEY (user_progress_id) REFERENCES user_progress (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX scene_progress_scene_id_fkey ON scene_progress (scene_id);
CREATE INDEX scene_progress_user_progress_id_fkey ON scene_progress (user_progress_id);

CREATE TABLE session_memory (
    id int NOT NULL auto_increment,
    session_id varchar(255) NOT NULL,
    user_id int,
    scenario_id int,
    scene_id int,
    memory_type varchar(255) NOT NULL,
    content longtext NOT NULL,
    metadata json,
    importance_score double DEFAULT 0.5,
    access_count int DEFAULT 0,
    last_accessed datetime(6) DEFAULT current_timestamp(6),
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT session_memory_session_id_key UNIQUE (session_id),
    CONSTRAINT session_memory_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE CASCADE,
    CONSTRAINT session_memory_scene_id_fkey FOREIGN KEY (scene_id) REFERENCES scenario_scenes (id),
    CONSTRAINT session_memory_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_session_memory_last_accessed ON session_memory (last_accessed);
CREATE INDEX idx_session_memory_user_importance ON session_memory (user_id, importance_score DESC, id DESC);
CREATE INDEX session_memory_scenario_id_fkey ON session_memory (scenario_id);
CREATE INDEX session_memory_scene_id_fkey ON session_memory (scene_id);

CREATE TABLE users (
    id int NOT NULL auto_increment,
    email varchar(255) NOT NULL,
    full_name varchar(255),
    username varchar(255) NOT NULL,
    password_hash varchar(255) NOT NULL,
    bio longtext,
    avatar_url varchar(2048),
    role varchar(255) DEFAULT 'user',
    published_scenarios int DEFAULT 0,
    total_simulations int DEFAULT 0,
    reputation_score double DEFAULT 0,
    profile_public tinyint(1) DEFAULT 1,
    allow_contact tinyint(1) DEFAULT 1,
    is_active tinyint(1) DEFAULT 1,
    is_verified tinyint(1) DEFAULT 0,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_username_key UNIQUE (username)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_users_created_at ON users (created_at);
CREATE INDEX idx_users_email ON users (email);
CREATE INDEX idx_users_role ON users (role);
CREATE INDEX idx_users_username ON users (username);

CREATE TABLE user_progress (
    id int NOT NULL auto_increment,
    user_id int,
    scenario_id int,
    current_scene_id int,
    status varchar(255) DEFAULT 'in_progress',
    started_at datetime(6) DEFAULT current_timestamp(6),
    completed_at datetime(6),
    total_time_spent int DEFAULT 0,
    current_turn int DEFAULT 0,
    total_turns int DEFAULT 0,
    hints_used int DEFAULT 0,
    scenes_completed int DEFAULT 0,
    total_scenes int,
    completion_percentage double DEFAULT 0,
    orchestrator_data json,
    conversation_summary longtext,
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT user_progress_current_scene_id_fkey FOREIGN KEY (current_scene_id) REFERENCES scenario_scenes (id),
    CONSTRAINT user_progress_scenario_id_fkey FOREIGN KEY (scenario_id) REFERENCES scenarios (id) ON DELETE CASCADE,
    CONSTRAINT user_progress_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
CREATE INDEX idx_user_progress_scenario ON user_progress (scenario_id);
CREATE INDEX idx_user_progress_status ON user_progress (status);
CREATE INDEX idx_user_progress_user ON user_progress (user_id);
CREATE INDEX idx_user_progress_user_status ON user_progress (user_id, status);
CREATE INDEX user_progress_current_scene_id_fkey ON user_progress (current_scene_id);

CREATE TABLE vector_embeddings (
    id int NOT NULL auto_increment,
    content_type varchar(255) NOT NULL,
    content_id int,
    content longtext NOT NULL,
    embedding json,
    metadata json,
    collection_name varchar(255) DEFAULT 'default',
    document_id varchar(255),
    created_at datetime(6) DEFAULT current_timestamp(6),
    updated_at datetime(6) DEFAULT current_timestamp(6),
    PRIMARY KEY (id),
    CONSTRAINT vector_embeddings_collection_name_document_id_key UNIQUE (collection_name, document_id),
    CONSTRAINT vector_embeddings_embedding_check CHECK (`embedding` is null or json_type(`embedding`) = 'ARRAY' and json_length(`embedding`) = 1536)
) ENGINE=InnoDB COLLATE=utf8mb4_bin;
