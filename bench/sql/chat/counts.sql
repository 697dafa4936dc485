-- Row counts the bench checks after seeding (and its tests assert).

-- name: count-users$
SELECT COUNT(*) FROM users;

-- name: count-chats$
SELECT COUNT(*) FROM ai_chats;
