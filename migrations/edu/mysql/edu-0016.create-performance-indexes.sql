-- Create the Performance Optimization indexes (seed 003, Indexing Strategy) translated for MySQL / MariaDB / TiDB (README, engine mapping).
-- depends: edu-0015.create-scenario-reviews

-- No CONCURRENTLY: MySQL has no such keyword; InnoDB builds a secondary index online
-- (ALGORITHM=INPLACE, LOCK=NONE) by default, which is what CONCURRENTLY buys on PostgreSQL.
-- Left out, as on PostgreSQL, because edu-0001 and edu-0002 already created them with identical
-- definitions: idx_users_email, idx_users_username, idx_users_role, idx_scenarios_industry.
--
-- Four of these indexes lead with a foreign-key column whose key has, until now, been served by
-- the index MySQL added for it, named after the constraint (user_progress_user_id_fkey, ...).
-- A plain CREATE INDEX would make MySQL and MariaDB silently drop that implicit index, and its
-- rollback could then not drop the new index ("needed in a foreign key constraint"); TiDB does
-- not drop it at all. So each of the four swaps the indexes in one ALTER TABLE: add the
-- document's index, drop the constraint-named one. The rollback swaps them back in one ALTER
-- TABLE. Every engine then ends up with the same indexes after upgrade and after downgrade, the
-- key is never without an index, and a downgrade followed by an upgrade leaves no extra index
-- behind (an index re-created by hand is no longer "implicit", so MySQL would keep it).
-- The composite indexes come after the single-column ones, so they never replace an implicit
-- index and stay plain CREATE INDEX / DROP INDEX.

-- Scenario table indexes
-- idx_scenarios_public is partial on PostgreSQL (WHERE is_public = true); MySQL has no partial
-- indexes, so it is a plain index on is_public: it covers every row, and it repeats
-- edu-0002's idx_scenarios_is_public (MySQL and MariaDB accept the duplicate with a note).
CREATE INDEX idx_scenarios_public ON scenarios(is_public);

-- DESC kept: MySQL 8 and MariaDB >= 10.8 build a descending index; TiDB accepts and ignores it.
CREATE INDEX idx_scenarios_rating ON scenarios(rating_avg DESC);

-- User progress indexes
ALTER TABLE user_progress ADD INDEX idx_user_progress_user (user_id), DROP INDEX user_progress_user_id_fkey;

ALTER TABLE user_progress ADD INDEX idx_user_progress_scenario (scenario_id), DROP INDEX user_progress_scenario_id_fkey;

CREATE INDEX idx_user_progress_status ON user_progress(status);

-- Conversation logs indexes
ALTER TABLE conversation_logs ADD INDEX idx_conversation_logs_progress (user_progress_id), DROP INDEX conversation_logs_user_progress_id_fkey;

ALTER TABLE conversation_logs ADD INDEX idx_conversation_logs_scene (scene_id), DROP INDEX conversation_logs_scene_id_fkey;

CREATE INDEX idx_conversation_logs_created ON conversation_logs(created_at);

-- Multi-column indexes for common queries
CREATE INDEX idx_scenarios_public_rating ON scenarios(is_public, rating_avg DESC);

CREATE INDEX idx_user_progress_user_status ON user_progress(user_id, status);

CREATE INDEX idx_conversation_logs_progress_scene ON conversation_logs(user_progress_id, scene_id);
