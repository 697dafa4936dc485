"""The embedded default: PostgreSQL 16 with pgvector from the pgserver package, in a local
data directory, listening on a Unix socket only. It stops when the last process using it exits."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

from service.config import DbUrl
from service.db import StartupError


def start(data_dir: Path) -> DbUrl:
    """Start (or join) the embedded server under data_dir/postgres; returns its server URL."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns about XDG_RUNTIME_DIR in containers
        import pgserver
    logging.getLogger("pgserver").setLevel(logging.WARNING)
    data_dir = data_dir.expanduser().resolve()
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            start_server = pgserver.get_server  # type: ignore[attr-defined]
            server = start_server(data_dir / "postgres", cleanup_mode="stop")
    except Exception as exc:
        raise StartupError(
            f"the embedded PostgreSQL could not start in {data_dir / 'postgres'}: {exc}. Its log is"
            f" {data_dir / 'postgres' / 'log'}; or set DATABASE_URL to use an existing server."
        ) from exc
    return DbUrl.parse(server.get_uri(), "embedded server")


def pg_bin() -> Path:
    """Where the embedded server's client tools (pg_dump, psql) live."""
    import pgserver

    return Path(pgserver.__file__).parent / "pginstall" / "bin"
