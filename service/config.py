"""Settings from the environment (and a `.env` file): the only module that reads os.environ."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from service.apps import REGISTRY

ENGINES = {"postgresql": "postgres", "postgres": "postgres", "mysql": "mysql", "mariadb": "mysql"}
URL_EXAMPLE = "postgresql://user:pass@127.0.0.1:5432 or mysql://root@127.0.0.1:3306"
DEFAULT_BODY_LIMIT = 10 * 1024 * 1024
MIN_SECRET_LENGTH = 32


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
        options = tuple(parse_qsl(parts.query))
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
        query = f"?{urlencode(self.options)}" if self.options else ""
        return f"{scheme}://{netloc}/{quote(self.database)}{query}"

    def __str__(self) -> str:
        return self.render(hide_password=True)


def redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url


@dataclass(frozen=True)
class AppDb:
    """Where one app's database lives. `embedded` means: on the embedded server, not yet started."""

    app: str
    url: DbUrl | None
    source: str

    @property
    def embedded(self) -> bool:
        return self.url is None


@dataclass(frozen=True)
class Settings:
    apps: tuple[str, ...]
    databases: Mapping[str, AppDb]
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    data_dir: Path = Path("data")
    jwt_secret: str = ""
    body_limit: int = DEFAULT_BODY_LIMIT
    pool_min: int = 1
    pool_max: int = 10
    pool_recycle: int = 300
    maintenance_db: str = "postgres"
    backup_dir: Path | None = None

    @property
    def backups(self) -> Path:
        """Where backup sets go: BACKUP_DIR, else `backups` in the data directory."""
        return self.backup_dir or self.data_dir / "backups"

    @property
    def uses_embedded(self) -> bool:
        return any(self.databases[a].embedded for a in self.apps)

    def secret(self) -> str:
        """The JWT secret: configured, or generated once into the data directory (embedded only)."""
        if self.jwt_secret:
            return self.jwt_secret
        path = self.data_dir / "jwt_secret"
        if path.exists():
            return path.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(48))
        return path.read_text().strip()


def read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, raw in enumerate(path.read_text().splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        if not sep or not key.strip().isidentifier():
            raise ConfigError(f"{path}:{number}: expected KEY=VALUE, got {raw!r}")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[key.strip()] = value
    return values


def environment(dotenv: Path = Path(".env")) -> dict[str, str]:
    """The process environment over the `.env` file: a real variable always wins."""
    return {**read_dotenv(dotenv), **os.environ}


def _int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    try:
        value = int(text)
    except ValueError:
        raise ConfigError(
            f"{name}: {text!r} is not a whole number; e.g. {name}={default}"
        ) from None
    if not low <= value <= high:
        raise ConfigError(f"{name}: {value} is out of range {low}..{high}; e.g. {name}={default}")
    return value


def _apps(env: Mapping[str, str]) -> tuple[str, ...]:
    text = env.get("APPS", "").strip()
    if not text:
        return tuple(REGISTRY)
    apps = tuple(dict.fromkeys(a.strip() for a in text.split(",") if a.strip()))
    unknown = [a for a in apps if a not in REGISTRY]
    if unknown or not apps:
        raise ConfigError(
            f"APPS: unknown app {', '.join(unknown) or '(empty)'}; known apps are"
            f" {', '.join(REGISTRY)}, e.g. APPS={','.join(REGISTRY)}"
        )
    return apps


def _split_form(env: Mapping[str, str], app: str) -> DbUrl | None:
    """The seed's CHAT_DB_HOST / _PORT / _USER / _PASSWORD / _NAME form (PostgreSQL)."""
    prefix = f"{app.upper()}_DB_"
    if not any(k.startswith(prefix) for k in env):
        return None
    port = _int(env, prefix + "PORT", 5432, 1, 65535)
    return DbUrl(
        engine="postgres",
        host=env.get(prefix + "HOST", "127.0.0.1"),
        port=port,
        user=env.get(prefix + "USER", "postgres"),
        password=env.get(prefix + "PASSWORD", ""),
        database=env.get(prefix + "NAME", app),
    )


def _app_db(env: Mapping[str, str], app: str, server: DbUrl | None) -> AppDb:
    own = f"{app.upper()}_DATABASE_URL"
    if env.get(own, "").strip():
        url = DbUrl.parse(env[own], own)
        if not url.database:
            raise ConfigError(
                f"{own}: {redact(env[own])!r} names no database; it is a full URL,"
                f" e.g. {own}=postgresql://user@127.0.0.1:5432/{app}"
            )
        return AppDb(app, url, own)
    split = _split_form(env, app)
    if split is not None:
        return AppDb(app, split, f"{app.upper()}_DB_*")
    if server is not None:
        return AppDb(app, server.with_database(app), "DATABASE_URL")
    return AppDb(app, None, "embedded")


def load(env: Mapping[str, str] | None = None) -> Settings:
    env = environment() if env is None else env
    apps = _apps(env)
    server = DbUrl.parse(env["DATABASE_URL"], "DATABASE_URL") if env.get("DATABASE_URL") else None
    databases = {app: _app_db(env, app, server) for app in REGISTRY}
    secret = env.get("JWT_SECRET", "")
    if secret and len(secret) < MIN_SECRET_LENGTH:
        raise ConfigError(
            f"JWT_SECRET: {len(secret)} characters is too short for HS256, use at least"
            f" {MIN_SECRET_LENGTH}; e.g. JWT_SECRET=$(python -c 'import secrets;"
            " print(secrets.token_urlsafe(48))')"
        )
    settings = Settings(
        apps=apps,
        databases=databases,
        host=env.get("HOST", "127.0.0.1"),
        port=_int(env, "PORT", 8000, 1, 65535),
        workers=_int(env, "WORKERS", 1, 1, 64),
        data_dir=Path(env.get("DATA_DIR", "data")).expanduser(),
        jwt_secret=secret,
        body_limit=_int(env, "BODY_LIMIT", DEFAULT_BODY_LIMIT, 1024, 1 << 30),
        pool_min=_int(env, "POOL_MIN", 1, 0, 1000),
        pool_max=_int(env, "POOL_MAX", 10, 1, 1000),
        pool_recycle=_int(env, "POOL_RECYCLE", 300, 1, 86400),
        maintenance_db=server.database if server and server.database else "postgres",
        backup_dir=Path(env["BACKUP_DIR"]).expanduser() if env.get("BACKUP_DIR") else None,
    )
    if settings.pool_min > settings.pool_max:
        raise ConfigError(
            f"POOL_MIN: {settings.pool_min} is above POOL_MAX={settings.pool_max}; e.g. POOL_MIN=1"
        )
    if not secret and not settings.uses_embedded:
        raise ConfigError(
            "JWT_SECRET: not set; with an external database every replica must share one secret,"
            " e.g. JWT_SECRET=$(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
        )
    return settings


def with_embedded(settings: Settings, server: DbUrl) -> Settings:
    """The same settings with every embedded app pointed at the started embedded server."""
    databases = {
        app: AppDb(app, server.with_database(app), "embedded") if db.embedded else db
        for app, db in settings.databases.items()
    }
    return replace(settings, databases=databases)


def export_embedded(server: DbUrl, secret: str) -> None:
    """Hand the started embedded server and its secret to worker processes, which load anew."""
    os.environ["DATABASE_URL"] = server.render()
    os.environ["JWT_SECRET"] = secret
