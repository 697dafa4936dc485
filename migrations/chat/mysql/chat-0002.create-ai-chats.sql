-- Create ai_chats: seed 004's ai_chats table translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: chat-0001.create-users

-- UUID -> CHAR(36) with an expression default; JSONB -> JSON with an expression default
-- (MySQL accepts no literal default on JSON); TIMESTAMPTZ -> DATETIME(6) holding UTC (every
-- service session runs with time_zone '+00:00'); the inline REFERENCES becomes a named
-- FOREIGN KEY because MySQL parses and ignores a column-level REFERENCES; the foreign key's
-- index is declared in the table because MySQL will not drop it while the key exists, so it
-- goes with the table (one undo statement per statement, see the rollback file).
CREATE TABLE ai_chats (
    id CHAR(36) PRIMARY KEY DEFAULT (UUID()),
    user_id INTEGER,
    title VARCHAR(100) DEFAULT '新對話',
    model VARCHAR(50) DEFAULT 'claude-sonnet',
    prompt_name VARCHAR(50) DEFAULT 'default',  -- 對應 data/prompts/{name}.md
    messages JSON DEFAULT (JSON_ARRAY()),        -- 對話訊息陣列
    created_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) DEFAULT CURRENT_TIMESTAMP(6),
    INDEX idx_ai_chats_user_id (user_id),
    CONSTRAINT ai_chats_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX idx_ai_chats_updated_at ON ai_chats(updated_at DESC);
