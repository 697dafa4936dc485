"""Database URLs as both engines' users write them: scheme, host or socket, account, database
and TLS options, parsed once into the parts both drivers need."""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from service.tls import Tls, TlsError
from service.tls import normalize as normalize_tls

ENGINES = {"postgresql": "postgres", "postgres": "postgres", "mysql": "mysql", "mariadb": "mysql"}
URL_EXAMPLE = "postgresql://user:pass@127.0.0.1:5432 or mysql://root@127.0.0.1:3306"
TLS_EXAMPLE = {
    "postgres": "?sslmode=verify-full&sslrootcert=/etc/ssl/db-ca.pem",
    "mysql": "?ssl-mode=VERIFY_IDENTITY&ssl-ca=/etc/ssl/db-ca.pem",
}


class ConfigError(Exception):
    """One line saying which setting is wrong, what was wrong and what would be right."""


@dataclass(frozen=True)
class DbUrl:
    """A database URL split into the parts both drivers need; `database` may be empty."""

    engine: str
    host: str
    port: int
    user: str
    password: str
    database: str
    options: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str, variable: str) -> DbUrl:
        parts = urlsplit(text.strip())
        engine = ENGINES.get(parts.scheme.split("+")[0].lower())
        if engine is None:
            raise ConfigError(
                f"{variable}: unsupported scheme {parts.scheme or '(none)'!r} in {redact(text)!r};"
                f" expected e.g. {URL_EXAMPLE}"
            )
        try:
            port = parts.port
        except ValueError:
            raise ConfigError(
                f"{variable}: the port in {redact(text)!r} is not a number;"
                f" expected e.g. {URL_EXAMPLE}"
            ) from None
        try:
            options = normalize_tls(engine, parse_qsl(parts.query))
        except TlsError as exc:
            raise ConfigError(
                f"{variable}: {exc}; e.g. {TLS_EXAMPLE[engine]} in {redact(text)!r}"
            ) from None
        socket_host = dict(options).get("host", "")
        if not parts.hostname and not socket_host:
            raise ConfigError(
                f"{variable}: no host in {redact(text)!r}; expected e.g. {URL_EXAMPLE}"
            )
        default_user = "postgres" if engine == "postgres" else "root"
        return cls(
            engine=engine,
            host=parts.hostname or "",
            port=port or (5432 if engine == "postgres" else 3306),
            user=unquote(parts.username or default_user),
            password=unquote(parts.password or ""),
            database=unquote(parts.path.lstrip("/")),
            options=tuple((k, v) for k, v in options if k != "host") if parts.hostname else options,
        )

    def with_database(self, name: str) -> DbUrl:
        return replace(self, database=name)

    @property
    def tls(self) -> Tls:
        return Tls.of(self.engine, self.options)

    @property
    def socket(self) -> str:
        """Unix socket directory (PostgreSQL) or file (MySQL), when the URL names one."""
        opts = dict(self.options)
        return opts.get("host") or opts.get("unix_socket") or ""

    def render(self, scheme: str | None = None, *, hide_password: bool = False) -> str:
        scheme = scheme or ("postgresql" if self.engine == "postgres" else "mysql")
        auth = quote(self.user, safe="")
        if self.password:
            auth += ":" + ("***" if hide_password else quote(self.password, safe=""))
        netloc = f"{auth}@{self.host}:{self.port}" if self.host else f"{auth}@"
        query = f"?{urlencode(self.options, safe='/')}" if self.options else ""  # legible paths
        return f"{scheme}://{netloc}/{quote(self.database)}{query}"

    def __str__(self) -> str:
        return self.render(hide_password=True)


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url
