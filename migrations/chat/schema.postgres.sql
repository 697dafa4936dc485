-- Schema of the chat database on postgres, as the server's catalog shows it.

CREATE TABLE ai_chats (
    id uuid DEFAULT gen_random_uuid() NOT NULL,
    user_id integer,
    title character varying(100) DEFAULT '新對話'::character varying,
    model character varying(50) DEFAULT 'claude-sonnet'::character varying,
    prompt_name character varying(50) DEFAULT 'default'::character varying,
    messages jsonb DEFAULT '[]'::jsonb,
    created_at timestamp with time zone DEFAULT now(),
    updated_at timestamp with time zone DEFAULT now(),
    CONSTRAINT ai_chats_pkey PRIMARY KEY (id),
    CONSTRAINT ai_chats_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
);
CREATE INDEX idx_ai_chats_updated_at ON ai_chats (updated_at DESC);
CREATE INDEX idx_ai_chats_user_id ON ai_chats (user_id);

CREATE TABLE users (
    id integer DEFAULT nextval('users_id_seq'::regclass) NOT NULL,
    username character varying(100) NOT NULL,
    display_name character varying(100),
    created_at timestamp without time zone DEFAULT now(),
    last_login_at timestamp without time zone,
    CONSTRAINT users_pkey PRIMARY KEY (id),
    CONSTRAINT users_username_key UNIQUE (username)
);
CREATE INDEX idx_users_username ON users (username);
