"""Every app's tables as its design document writes them, on both engines: the migrated catalog
matches migrations/<app>/schema.<engine>.sql, downgrading to base leaves nothing behind, and the
MySQL files stay inside what MySQL 8.0, MariaDB 10.11 and TiDB all accept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlparse

from service import migrations, runtime, schema
from service.apps import REGISTRY
from service.config import DbUrl
from tests.conftest import scratch_name, settings_for

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("app", list(REGISTRY))
async def test_migrated_schema_matches_the_document_and_downgrades_to_nothing(
    server: DbUrl, app: str
) -> None:
    settings = settings_for(server, {app: scratch_name(app)})
    url = settings.databases[app].url
    assert url is not None
    await runtime.create_missing(settings, [app])
    try:
        assert migrations.upgrade(url, app) == list(migrations.expected(app, url.engine))
        drift = schema.diff(app, url.engine, schema.read(url))
        assert not drift, f"{app} on {url.engine} differs from its expected schema:\n{drift}"
        migrations.downgrade(url, app, "base")
        assert schema.read(url) == "", f"{app}: downgrade to base left objects behind"
        migrations.upgrade(url, app)
        assert not schema.diff(app, url.engine, schema.read(url))
    finally:
        await runtime.drop_database(url, settings)


def _statements(path: Path) -> list[str]:
    return [s for s in sqlparse.split(path.read_text(encoding="utf-8")) if _code(s).strip()]


def _code(sql: str) -> str:
    """The SQL without comments and string literals, so only real syntax is scanned."""
    return re.sub(r"'(?:[^']|'')*'|--[^\n]*|/\*.*?\*/", "''", sql, flags=re.S)


def _migration_files(engine: str) -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "migrations").glob(f"*/{engine}/*.sql")
        if not p.name.endswith(".rollback.sql")
    )


@pytest.mark.parametrize("engine_folder", ["postgres", "mysql"])
def test_every_rollback_undoes_its_migration_one_statement_for_one(engine_folder: str) -> None:
    # yoyo pairs statement i of x.sql with statement n-1-i of x.rollback.sql; on MySQL that
    # pairing is what undoes the committed DDL of a migration that fails halfway.
    for up in _migration_files(engine_folder):
        down = up.with_name(up.name[: -len(".sql")] + ".rollback.sql")
        assert down.exists(), f"{up.relative_to(ROOT)} has no rollback file"
        assert len(_statements(up)) == len(_statements(down)), (
            f"{down.relative_to(ROOT)} must hold one undo statement per statement of {up.name},"
            f" in reverse order ({len(_statements(up))} vs {len(_statements(down))})"
        )


# Constructs outside what MySQL 8.0, MariaDB 10.11 and TiDB all accept, with the reason.
MYSQL_OUTSIDE_SUBSET = {
    r"\bCREATE\s+(DEFINER\s*=\s*\S+\s+)?TRIGGER\b": "triggers (TiDB has none)",
    r"\bCREATE\s+(DEFINER\s*=\s*\S+\s+)?(PROCEDURE|FUNCTION)\b": "stored routines (TiDB)",
    r"\bCREATE\s+(DEFINER\s*=\s*\S+\s+)?EVENT\b": "events (TiDB)",
    r"\bDELIMITER\b": "client DELIMITER (stored-program syntax)",
    r"\bFULLTEXT\b": "FULLTEXT indexes (TiDB)",
    r"\bSPATIAL\b": "SPATIAL indexes (TiDB)",
    r"\bRETURNING\b": "RETURNING (MariaDB only)",
    r"->>?": "JSON path operators -> / ->> (not in MariaDB)",
    r"\bSKIP\s+LOCKED\b": "SKIP LOCKED (not relied on for TiDB)",
    r"\bCREATE\s+SEQUENCE\b": "sequences (MariaDB only)",
    r"\b(ADD|DROP|MODIFY|CHANGE)\s+(COLUMN\s+)?IF\s+(NOT\s+)?EXISTS\b": "IF [NOT] EXISTS on"
    " columns (MariaDB only)",
    r"\b(CREATE|DROP)\s+(UNIQUE\s+)?INDEX\s+IF\s+(NOT\s+)?EXISTS\b": "IF [NOT] EXISTS on"
    " indexes (MariaDB only)",
    r"\bVECTOR\s*\(": "VECTOR columns (TiDB and MySQL 9 only)",
    r"\bJSONB\b|\bBYTEA\b|\bTIMESTAMPTZ\b|\bSERIAL\b|\bILIKE\b|::": "PostgreSQL syntax",
    r"\bAS\s+IDENTITY\b": "identity columns (PostgreSQL)",
    r"\bCREATE\s+(UNIQUE\s+)?INDEX\b[^;]*\)\s*WHERE\b": "partial indexes (PostgreSQL)",
}


def _mysql_files() -> list[Path]:
    return sorted((ROOT / "migrations").glob("*/mysql/*.sql")) + sorted(
        (ROOT / "sql").glob("*/my/*.sql")
    )


def test_mysql_files_stay_within_mysql_mariadb_and_tidb() -> None:
    found = []
    for path in _mysql_files():
        code = _code(path.read_text(encoding="utf-8"))
        for pattern, why in MYSQL_OUTSIDE_SUBSET.items():
            for match in re.finditer(pattern, code, re.I):
                line = code.count("\n", 0, match.start()) + 1
                found.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}: {why}")
    assert not found, "MySQL files use constructs outside the shared subset:\n" + "\n".join(found)


def test_the_scan_catches_what_it_claims_to() -> None:
    samples = {
        "CREATE TRIGGER t BEFORE UPDATE ON x FOR EACH ROW SET NEW.a = 1": "triggers",
        "SELECT doc->>'$.a' FROM x": "JSON path",
        "INSERT INTO x (a) VALUES (1) RETURNING id": "RETURNING",
        "CREATE FULLTEXT INDEX f ON x (a)": "FULLTEXT",
        "CREATE INDEX i ON x (a) WHERE a > 0": "partial",
        "ALTER TABLE x ADD COLUMN IF NOT EXISTS a INT": "MariaDB only",
    }
    for sql, why in samples.items():
        hits = [w for p, w in MYSQL_OUTSIDE_SUBSET.items() if re.search(p, _code(sql), re.I)]
        assert any(why in h for h in hits), sql
    assert not any(
        re.search(p, _code("SELECT '->>' -- RETURNING\n"), re.I) for p in MYSQL_OUTSIDE_SUBSET
    )
