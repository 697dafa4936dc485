-- Create ai_chats: AI conversations with their messages as a JSONB array (seed 004, ai_chats 表).
-- depends: chat-0001.create-users

CREATE TABLE ai_chats (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id INTEGER REFERENCES users(id),
    title VARCHAR(100) DEFAULT '新對話',
    model VARCHAR(50) DEFAULT 'claude-sonnet',
    prompt_name VARCHAR(50) DEFAULT 'default',  -- 對應 data/prompts/{name}.md
    messages JSONB DEFAULT '[]',                 -- 對話訊息陣列
    created_at TIMESTAMPTZ DEFAULT NOW(),
    updated_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_ai_chats_user_id ON ai_chats(user_id);

CREATE INDEX idx_ai_chats_updated_at ON ai_chats(updated_at DESC);
