-- name: session-tls-cipher^
-- The cipher this session's TLS uses, empty when it is not encrypted: aiomysql goes on in clear
-- text when the server offers no TLS, so a required mode is checked on the server.
SHOW SESSION STATUS LIKE 'Ssl_cipher';
