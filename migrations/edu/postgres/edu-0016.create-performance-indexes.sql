-- Create the Performance Optimization indexes (seed 003, Indexing Strategy: Primary and Composite Indexes), as the document writes them.
-- depends: edu-0015.create-scenario-reviews
-- transactional: false

-- CREATE INDEX CONCURRENTLY cannot run inside a transaction block, hence `transactional: false`:
-- yoyo runs each statement in autocommit, and if one fails it runs the rollback statements of
-- those already done (the rollback file, one DROP INDEX CONCURRENTLY per CREATE, in reverse).
--
-- Left out, because the users and scenarios sections already created them (edu-0001, edu-0002)
-- with identical definitions: creating them again fails ("relation already exists"), and
-- IF NOT EXISTS would make this migration's rollback drop indexes it did not create.
--   CREATE INDEX CONCURRENTLY idx_users_email ON users(email);
--   CREATE INDEX CONCURRENTLY idx_users_username ON users(username);
--   CREATE INDEX CONCURRENTLY idx_users_role ON users(role);
--   CREATE INDEX CONCURRENTLY idx_scenarios_industry ON scenarios(industry);

-- Scenario table indexes
CREATE INDEX CONCURRENTLY idx_scenarios_public ON scenarios(is_public) WHERE is_public = true;

CREATE INDEX CONCURRENTLY idx_scenarios_rating ON scenarios(rating_avg DESC);

-- User progress indexes
CREATE INDEX CONCURRENTLY idx_user_progress_user ON user_progress(user_id);

CREATE INDEX CONCURRENTLY idx_user_progress_scenario ON user_progress(scenario_id);

CREATE INDEX CONCURRENTLY idx_user_progress_status ON user_progress(status);

-- Conversation logs indexes
CREATE INDEX CONCURRENTLY idx_conversation_logs_progress ON conversation_logs(user_progress_id);

CREATE INDEX CONCURRENTLY idx_conversation_logs_scene ON conversation_logs(scene_id);

CREATE INDEX CONCURRENTLY idx_conversation_logs_created ON conversation_logs(created_at);

-- Multi-column indexes for common queries
CREATE INDEX CONCURRENTLY idx_scenarios_public_rating ON scenarios(is_public, rating_avg DESC);

CREATE INDEX CONCURRENTLY idx_user_progress_user_status ON user_progress(user_id, status);

CREATE INDEX CONCURRENTLY idx_conversation_logs_progress_scene ON conversation_logs(user_progress_id, scene_id);
