-- Create usage_metrics: service usage and billing (seed 002, `usage_metrics`), the document's MySQL table translated for PostgreSQL.
-- depends: smartlite-0010.create-api-keys

-- ENUM -> VARCHAR + named CHECK, no default (as on MySQL); DECIMAL -> NUMERIC; date needs no
-- quotes. No ON DELETE action (none listed): deleting a user who has metrics is refused.
-- usage_metrics_user_id_fkey is MySQL's implicit key index.
CREATE TABLE usage_metrics (
    id VARCHAR(128) NOT NULL,
    user_id VARCHAR(128) NOT NULL,
    service VARCHAR(8) NOT NULL,
    request_count INTEGER,
    token_count INTEGER,                      -- LLM tokens
    cost NUMERIC(10,4),
    date TIMESTAMP(0) WITH TIME ZONE,                                 -- metric date
    created_at TIMESTAMP(0) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    PRIMARY KEY (id),
    CONSTRAINT usage_metrics_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id),
    CONSTRAINT usage_metrics_service_check CHECK (service IN ('asr', 'tts', 'llm', 'pipeline'))
);

CREATE INDEX usage_metrics_user_id_fkey ON usage_metrics (user_id);
