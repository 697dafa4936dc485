-- api_keys gets scope (user | worker): an addition beyond seed 002, so a key can be a worker's.
-- depends: smartlite-0012.refresh-token-rotation

-- ENUM -> VARCHAR + named CHECK, as for the document's own ENUMs. See README, engine mapping.
ALTER TABLE api_keys ADD COLUMN scope VARCHAR(6) NOT NULL DEFAULT 'user';
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope_check CHECK (scope IN ('user', 'worker'));
