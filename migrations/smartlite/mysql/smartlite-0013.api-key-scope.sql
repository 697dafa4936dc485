-- api_keys gets scope (user | worker): an addition beyond seed 002, so a key can be a worker's.
-- depends: smartlite-0012.refresh-token-rotation

-- A 'user' key acts as its owner; a 'worker' key (only an admin creates one) may also claim,
-- complete and fail any user's transcriptions and TTS requests. See README, engine mapping.
ALTER TABLE api_keys ADD COLUMN scope ENUM('user', 'worker') NOT NULL DEFAULT 'user';
