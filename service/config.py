"""Settings from the environment (and a `.env` file): the only module that reads os.environ."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import MappingProxyType

from service.apps import REGISTRY

# Settings are made of these; their home is service.urls, re-exported for the modules that
# read settings.
from service.urls import ENGINES
from service.urls import ConfigError as ConfigError
from service.urls import DbUrl as DbUrl
from service.urls import redact as redact

# The engine each app's design document is written for: the split form's default.
DOCUMENT_ENGINE = {"roleplay": "mysql", "smartlite": "mysql"}
SPLIT_PREFIXES = {"chat": ("CHAT_DB_", "CHING_TECH_DB_")}  # seed 004's own names too
DEFAULT_BODY_LIMIT = 10 * 1024 * 1024
# smartlite's price table: service -> unit (request, second of audio, token) -> price.
Prices = Mapping[str, Mapping[str, Decimal]]
PRICED = {"asr": ("request", "second"), "tts": ("request", "second"), "llm": ("request", "token")}
PRICED |= {"pipeline": ("request", "second")}
DEFAULT_PRICES: Prices = MappingProxyType(
    {
        "asr": {"second": Decimal("0.0004")},
        "tts": {"second": Decimal("0.0003")},
        "llm": {"token": Decimal("0.0001")},
        "pipeline": {"request": Decimal("0.0100")},
    }
)
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class AppDb:
    """Where one app's database lives. `embedded` means: on the embedded server, not yet started."""

    app: str
    url: DbUrl | None
    source: str
    owner: DbUrl | None = None  # the account migrate and backups use, when not the runtime one
    owner_source: str = ""

    @property
    def embedded(self) -> bool:
        return self.url is None

    @property
    def migrate_url(self) -> DbUrl | None:
        return self.owner or self.url


@dataclass(frozen=True)
class Timeouts:
    """How long anything may wait on a database, in seconds; past it the client gets a 503 with
    Retry-After instead of a hang (README, Faults and retries)."""

    pool: float = 1.0  # for a free pooled connection
    statement: float = 10.0  # for one statement
    lock: float = 3.0  # for a row lock (MySQL: whole seconds, rounded up)
    request: float = 20.0  # for the whole request
    ready: float = 2.0  # for one app's /ready probe


DEFAULT_TIMEOUTS = Timeouts()


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
    timeouts: Timeouts = DEFAULT_TIMEOUTS
    idempotency_ttl: int = 86400  # seconds an Idempotency-Key's answer is kept
    prices: Prices = field(default_factory=lambda: DEFAULT_PRICES)
    edu_upload_dir: Path | None = None
    edu_upload_limit: int = DEFAULT_BODY_LIMIT  # bytes; the request body limit also applies

    @property
    def edu_uploads(self) -> Path:
        """Where the edu app keeps scenario files: EDU_UPLOAD_DIR, else `edu-uploads` in the
        data directory."""
        return self.edu_upload_dir or self.data_dir / "edu-uploads"

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


def _timeouts(env: Mapping[str, str]) -> Timeouts:
    def ms(name: str, default: float) -> float:
        return _int(env, name, int(default * 1000), 1, 3_600_000) / 1000

    default = DEFAULT_TIMEOUTS
    timeouts = Timeouts(
        pool=ms("POOL_TIMEOUT_MS", default.pool),
        statement=ms("STATEMENT_TIMEOUT_MS", default.statement),
        lock=ms("LOCK_TIMEOUT_MS", default.lock),
        request=ms("REQUEST_TIMEOUT_MS", default.request),
        ready=ms("READY_TIMEOUT_MS", default.ready),
    )
    if timeouts.request <= timeouts.statement:
        # A request cut off mid-statement gives up its connection instead of a clean answer.
        raise ConfigError(
            f"REQUEST_TIMEOUT_MS: {timeouts.request * 1000:.0f} must be above"
            f" STATEMENT_TIMEOUT_MS={timeouts.statement * 1000:.0f}; e.g. REQUEST_TIMEOUT_MS="
            f"{timeouts.statement * 2000:.0f}"
        )
    return timeouts


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


PARTS = ("HOST", "PORT", "USER", "PASSWORD", "NAME", "ENGINE")  # of the split form


def _split_form(env: Mapping[str, str], app: str) -> tuple[DbUrl, str] | None:
    """<APP>_DB_HOST / _PORT / _USER / _PASSWORD / _NAME / _ENGINE, the engine defaulting to the
    app's document's; chat also reads seed 004's CHING_TECH_DB_*, its own name winning."""
    prefixes = SPLIT_PREFIXES.get(app, (f"{app.upper()}_DB_",))
    names = {part: next((p + part for p in prefixes if p + part in env), "") for part in PARTS}
    if not any(names.values()):
        return None

    def get(part: str, default: str) -> str:
        return env[names[part]].strip() if names[part] else default

    text = get("ENGINE", DOCUMENT_ENGINE.get(app, "postgres"))
    engine = ENGINES.get(text.lower())
    if engine is None:
        raise ConfigError(
            f"{names['ENGINE']}: unknown engine {text!r}; e.g. {names['ENGINE']}=postgresql"
            f" or {names['ENGINE']}=mysql"
        )
    port = 5432 if engine == "postgres" else 3306
    url = DbUrl(
        engine=engine,
        host=get("HOST", "127.0.0.1"),
        port=_int(env, names["PORT"], port, 1, 65535) if names["PORT"] else port,
        user=get("USER", "postgres" if engine == "postgres" else "root"),
        password=env[names["PASSWORD"]] if names["PASSWORD"] else "",
        database=get("NAME", app),
    )
    used = next(p for p in prefixes if any(n.startswith(p) for n in names.values() if n))
    return url, used + "*"


def _owner(
    env: Mapping[str, str], app: str, runtime: AppDb, migrate_server: DbUrl | None
) -> tuple[DbUrl | None, str]:
    """The owner account's URL for migrate and backups: <APP>_MIGRATE_DATABASE_URL, else
    MIGRATE_DATABASE_URL for apps placed by DATABASE_URL; None means the runtime URL."""
    own = f"{app.upper()}_MIGRATE_DATABASE_URL"
    if not env.get(own, "").strip():
        if migrate_server is None or runtime.url is None or runtime.source != "DATABASE_URL":
            return None, ""
        return migrate_server.with_database(runtime.url.database), "MIGRATE_DATABASE_URL"
    owner = DbUrl.parse(env[own], own)
    if runtime.url is None:
        raise ConfigError(
            f"{own}: set, but {app} has no database configured (it runs on the embedded server);"
            f" e.g. set {app.upper()}_DATABASE_URL too"
        )
    if owner.engine != runtime.url.engine:
        raise ConfigError(
            f"{own}: a {owner.engine} URL for {app}, whose database is {runtime.url.engine}"
            f" ({runtime.source}); e.g. {own}={runtime.url.render()[:14]}..."
        )
    return (owner if owner.database else owner.with_database(runtime.url.database)), own


def _migrate_server(env: Mapping[str, str], server: DbUrl | None) -> DbUrl | None:
    if not env.get("MIGRATE_DATABASE_URL", "").strip():
        return None
    url = DbUrl.parse(env["MIGRATE_DATABASE_URL"], "MIGRATE_DATABASE_URL")
    if server is None or server.engine != url.engine:
        raise ConfigError(
            "MIGRATE_DATABASE_URL: the owner account for the server DATABASE_URL names, so it"
            " needs DATABASE_URL of the same engine; for one app use <APP>_MIGRATE_DATABASE_URL,"
            " e.g. MIGRATE_DATABASE_URL=postgresql://owner:pass@db:5432"
        )
    return url


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
        return AppDb(app, *split)
    if server is not None:
        return AppDb(app, server.with_database(app), "DATABASE_URL")
    return AppDb(app, None, "embedded")


def _prices(env: Mapping[str, str]) -> Prices:
    """SMARTLITE_PRICES=asr.second=0.0004,llm.token=0.0001,...: entries over the defaults."""
    text = env.get("SMARTLITE_PRICES", "").strip()
    table = {service: dict(units) for service, units in DEFAULT_PRICES.items()}
    example = "e.g. SMARTLITE_PRICES=asr.second=0.0004,llm.token=0.0001,pipeline.request=0.01"
    for entry in filter(None, (e.strip() for e in text.split(","))):
        name, _, amount = entry.partition("=")
        service, _, unit = name.strip().partition(".")
        if unit not in PRICED.get(service, ()):
            raise ConfigError(f"SMARTLITE_PRICES: unknown price {name.strip()!r}; {example}")
        try:
            price = Decimal(amount.strip())
        except InvalidOperation:
            price = Decimal(-1)
        if not price.is_finite() or not 0 <= price < 1000:
            raise ConfigError(
                f"SMARTLITE_PRICES: {entry!r} is not a price from 0 to 999; {example}"
            )
        table[service][unit] = price
    return MappingProxyType(table)


def load(env: Mapping[str, str] | None = None, *, serving: bool = True) -> Settings:
    """The settings; `serving=False` (commands that only print, like `grants`) needs no secret."""
    env = environment() if env is None else env
    apps = _apps(env)
    server = DbUrl.parse(env["DATABASE_URL"], "DATABASE_URL") if env.get("DATABASE_URL") else None
    databases = {app: _app_db(env, app, server) for app in REGISTRY}
    migrate_server = _migrate_server(env, server)
    for app, db in list(databases.items()):
        owner, owner_source = _owner(env, app, db, migrate_server)
        databases[app] = replace(db, owner=owner, owner_source=owner_source)
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
        timeouts=_timeouts(env),
        idempotency_ttl=_int(env, "IDEMPOTENCY_TTL", 86400, 60, 90 * 86400),
        edu_upload_dir=(
            Path(env["EDU_UPLOAD_DIR"]).expanduser() if env.get("EDU_UPLOAD_DIR") else None
        ),
        edu_upload_limit=_int(env, "EDU_UPLOAD_LIMIT", DEFAULT_BODY_LIMIT, 1, 2**31 - 1),
        prices=_prices(env),
    )
    if settings.pool_min > settings.pool_max:
        raise ConfigError(
            f"POOL_MIN: {settings.pool_min} is above POOL_MAX={settings.pool_max}; e.g. POOL_MIN=1"
        )
    if serving and not secret and not settings.uses_embedded:
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


def as_owner(settings: Settings) -> Settings:
    """The same settings with every app's URL its owner account's: what migrate, backup and
    restore connect as (they create databases and run DDL, which the runtime account may not)."""
    databases = {
        app: replace(db, url=db.owner, source=db.owner_source, owner=None) if db.owner else db
        for app, db in settings.databases.items()
    }
    return replace(settings, databases=databases)


def export_embedded(server: DbUrl, secret: str) -> None:
    """Hand the started embedded server and its secret to worker processes, which load anew."""
    os.environ["DATABASE_URL"] = server.render()
    os.environ["JWT_SECRET"] = secret
