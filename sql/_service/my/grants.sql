-- name: runtime-grant-rows!
-- `datasvc grants`: what a runtime account may do on MySQL / MariaDB / TiDB, read and write rows
-- of the app's database and nothing else (no CREATE, ALTER, DROP, INDEX). {database} is a quoted
-- name, {user} a quoted 'name'@'host'.
GRANT SELECT, INSERT, UPDATE, DELETE ON {database}.* TO {user};
