"""Backup sets on both engines, proven by restoring them: every row of every app comes back and
every sequence continues, a backup taken while writes run matches its dump, a damaged file or a
non-empty target changes nothing, an older migration head upgrades after a restore, and prune
keeps what its rule promises."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest

from service import cli, dbapi, migrations, queries, schema
from service.apps import REGISTRY
from service.backup import (
    BackupError,
    content,
    manifest,
    quiet,
    restore,
    retention,
    sets,
    targets,
    tools,
)
from service.config import DbUrl, Settings
from tests.conftest import SECRET, scratch_name, settings_for

ROOT = Path(__file__).resolve().parent.parent
CHAT = ["chat-0001.create-users", "chat-0002.create-ai-chats"]
BIG = ("0123456789abcdef-データ🙂\n" * 516_129)[:-1]  # 16 MB of UTF-8 in one value
TEXT = "{i}·{table}.{column} 你好，世界 🙂🚀 'single' \"double\" back\\slash 100% _x_\ttab\nnewline"
INTS = {"int2", "int4", "int8", "smallint", "int", "integer", "bigint", "mediumint", "tinyint"}


# The apps' schemas, read from the catalog so that every table (and every table added later)
# gets rows without a hand-written list.

PG_COLUMNS = """
SELECT c.relname AS table_name, a.attname AS column_name, t.typname AS type_name,
       format_type(a.atttypid, a.atttypmod) AS column_type, NOT a.attnotnull AS nullable,
       (a.atthasdef OR a.attidentity <> '') AS has_default
  FROM pg_attribute a
  JOIN pg_class c ON c.oid = a.attrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  JOIN pg_type t ON t.oid = a.atttypid
 WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY c.relname, a.attnum
"""
PG_CONSTRAINTS = """
SELECT c.relname AS table_name, con.contype AS kind, pg_get_constraintdef(con.oid) AS definition,
       ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.num
              ORDER BY k.ord) AS columns,
       rc.relname AS ref_table,
       ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(num, ord)
               JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.num
              ORDER BY k.ord) AS ref_columns
  FROM pg_constraint con
  JOIN pg_class c ON c.oid = con.conrelid
  JOIN pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_class rc ON rc.oid = con.confrelid
 WHERE n.nspname = 'public'
"""
MY_COLUMNS = """
SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name, DATA_TYPE AS type_name,
       COLUMN_TYPE AS column_type, IS_NULLABLE = 'YES' AS nullable,
       (COLUMN_DEFAULT IS NOT NULL AND COLUMN_DEFAULT <> 'NULL')
         OR EXTRA LIKE '%auto_increment%' AS has_default
  FROM information_schema.COLUMNS
 WHERE TABLE_SCHEMA = DATABASE()
 ORDER BY TABLE_NAME, ORDINAL_POSITION
"""
MY_KEYS = """
SELECT k.TABLE_NAME AS table_name, tc.CONSTRAINT_TYPE AS kind, k.COLUMN_NAME AS column_name,
       k.REFERENCED_TABLE_NAME AS ref_table, k.REFERENCED_COLUMN_NAME AS ref_column
  FROM information_schema.KEY_COLUMN_USAGE k
  JOIN information_schema.TABLE_CONSTRAINTS tc
    ON tc.CONSTRAINT_SCHEMA = k.CONSTRAINT_SCHEMA AND tc.TABLE_NAME = k.TABLE_NAME
   AND tc.CONSTRAINT_NAME = k.CONSTRAINT_NAME
 WHERE k.TABLE_SCHEMA = DATABASE()
 ORDER BY k.TABLE_NAME, k.CONSTRAINT_NAME, k.ORDINAL_POSITION
"""


@dataclass
class Column:
    name: str
    type: str
    full: str
    nullable: bool
    default: bool
    json: bool = False
    array: int = 0  # a MySQL JSON column checked to hold an array of this many numbers
    choices: list[str] = field(default_factory=list)
    bounds: tuple[int, int] | None = None


@dataclass
class Table:
    name: str
    columns: dict[str, Column] = field(default_factory=dict)
    key: list[str] = field(default_factory=list)
    refs: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def serial(self) -> str | None:
        """The single integer primary key the database numbers itself, if any."""
        if len(self.key) == 1 and self.columns[self.key[0]].default:
            if _family(self, self.columns[self.key[0]]) == "int":
                return self.key[0]
        return None


def _rows(conn: Any, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    with conn.cursor() as cur:
        cur.execute(sql, params)
        if cur.description is None:
            return []
        names = [d[0].lower() for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _apply_check(table: Table, columns: list[str], clause: str) -> None:
    low = clause.lower()
    for name in columns:
        col = table.columns[name]
        if "json_valid" in low:
            col.json = True
        if size := re.search(r"json_length\(`?\w+`?\)\s*=\s*(\d+)", low):
            col.json, col.array = True, int(size[1])
        elif (found := re.findall(r"'([^']*)'", clause)) and "json" not in low:
            col.choices = found
        elif col.type in INTS and (numbers := [int(n) for n in re.findall(r"\b\d+\b", clause)]):
            col.bounds = (min(numbers), max(numbers))


def catalog(conn: Any, engine: str) -> dict[str, Table]:
    tables: dict[str, Table] = {}
    for r in _rows(conn, PG_COLUMNS if engine == "postgres" else MY_COLUMNS):
        if r["table_name"] in schema.BOOKKEEPING:
            continue
        table = tables.setdefault(r["table_name"], Table(r["table_name"]))
        col = Column(
            r["column_name"],
            r["type_name"].lower(),
            r["column_type"].lower(),
            bool(r["nullable"]),
            bool(r["has_default"]),
        )
        if col.type == "enum":
            col.choices = re.findall(r"'([^']*)'", r["column_type"])
        table.columns[col.name] = col
    if engine == "postgres":
        for r in _rows(conn, PG_CONSTRAINTS):
            if r["table_name"] not in tables:
                continue
            table = tables[r["table_name"]]
            if r["kind"] == "p":
                table.key = list(r["columns"])
            elif r["kind"] == "f":
                for col, ref in zip(r["columns"], r["ref_columns"], strict=True):
                    table.refs[col] = (r["ref_table"], ref)
            elif r["kind"] == "c":
                _apply_check(table, list(r["columns"]), r["definition"])
        return tables
    for r in _rows(conn, MY_KEYS):
        if r["table_name"] not in tables:
            continue
        if r["kind"] == "PRIMARY KEY":
            tables[r["table_name"]].key.append(r["column_name"])
        elif r["kind"] == "FOREIGN KEY":
            tables[r["table_name"]].refs[r["column_name"]] = (r["ref_table"], r["ref_column"])
    for r in dbapi.run(conn, queries.system("mysql").schema_checks):
        if r.get("table_name", r["owner_table"]) != r["owner_table"]:
            continue  # MariaDB names checks per table: a row joined to another table
        if r["owner_table"] not in tables:
            continue
        table = tables[r["owner_table"]]
        named = [c for c in table.columns if f"`{c}`" in r["check_clause"]]
        _apply_check(table, named, r["check_clause"])
    return tables


def _family(table: Table, col: Column) -> str:
    kinds = {
        ("bool",): "bool",
        ("float4", "float"): "float4",
        ("float8", "double"): "float8",
        ("numeric", "decimal"): "decimal",
        ("varchar", "bpchar", "text", "char", "tinytext", "mediumtext", "longtext", "enum"): "text",
        ("uuid",): "uuid",
        ("timestamptz",): "timestamptz",
        ("timestamp", "datetime"): "timestamp",
        ("date",): "date",
        ("bytea", "blob", "longblob", "mediumblob", "tinyblob", "varbinary"): "bytes",
        ("vector",): "vector",
    }
    if col.json or col.type in ("json", "jsonb"):
        return "json"
    if col.full.startswith("tinyint(1)"):
        return "bool"
    if col.type in INTS:
        return "int"
    for names, kind in kinds.items():
        if col.type in names:
            return kind
    raise AssertionError(f"no test value for {table.name}.{col.name} of type {col.full}: add one")


def _size(col: Column) -> tuple[int, int]:
    found = re.search(r"\((\d+)(?:,(\d+))?\)", col.full)
    return (int(found[1]), int(found[2] or 0)) if found else (0, 0)


def value(app: str, table: Table, col: Column, i: int) -> Any:
    kind = _family(table, col)
    if col.choices:
        return col.choices[i % len(col.choices)]
    if kind == "text":
        if (app, table.name, col.name, i) == ("edu", "scenarios", "pdf_content", 0):
            return BIG
        text = TEXT.format(i=i, table=table.name, column=col.name)
        return text[: _size(col)[0]] if _size(col)[0] else text
    if kind == "json":
        if col.array:
            return json.dumps([round((k * 37 + i) % 1000 / 1000, 3) for k in range(col.array)])
        nested = {"list": [1, 2.5, None, True, "x"], "empty": {}, "quote": 'it\'s "q"'}
        return json.dumps({"row": i, "名前": "値 🙂", "nested": nested}, ensure_ascii=False)
    if kind == "int":
        low, high = col.bounds or (1000, 1_000_000)
        return low + (i * 7) % (high - low + 1)
    simple = {
        "bool": i % 2 == 0,
        "float4": [1.5, -2.25, 1024.0, 0.125][i % 4],
        "float8": [3.141592653589793, -1e-12, 6.02214076e23, 0.1][i % 4],
        "uuid": uuid.uuid5(uuid.NAMESPACE_URL, f"{table.name}.{col.name}.{i}"),
        "timestamptz": datetime(2024, 2, 29, 23, 59, 58, 123456, UTC) + timedelta(days=i),
        "timestamp": datetime(2024, 2, 29, 23, 59, 58, 123456) + timedelta(days=i),
        "date": date(2024, 2, 29) + timedelta(days=i),
        "bytes": bytes(range(256)) + i.to_bytes(2, "big"),
    }
    if kind in simple:
        return simple[kind]
    if kind == "decimal":
        scale = _size(col)[1]
        return Decimal(f"{i % 3 + 1}.{'7' * scale}") if scale else Decimal(i % 3 + 1)
    dims = _size(col)[0]  # vector
    return "[" + ",".join(f"{(k * 37 + i) % 1000 / 1000:.3f}" for k in range(dims)) + "]"


def row_values(
    app: str, table: Table, i: int, keys: dict[tuple[str, str], list[Any]]
) -> dict[str, Any]:
    """Row i: 0 sets every column, 1 leaves defaults to the database, 2 is NULL where it can."""
    variant = min(i, 2)
    out: dict[str, Any] = {}
    for col in table.columns.values():
        if col.name == table.serial or (col.name in table.key and col.default):
            continue
        if col.name in table.refs:
            parents = keys[table.refs[col.name]]
            out[col.name] = None if variant == 2 and col.nullable else parents[i % len(parents)]
        elif variant == 1 and col.default or variant == 2 and col.default and not col.nullable:
            continue
        else:
            out[col.name] = None if variant == 2 and col.nullable else value(app, table, col, i)
    return out


def _quote(engine: str, name: str) -> str:
    return f'"{name}"' if engine == "postgres" else f"`{name}`"


def insert(conn: Any, engine: str, table: Table, values: dict[str, Any]) -> Any:
    q = _quote
    names = ", ".join(q(engine, c) for c in values)
    sql = (
        f"INSERT INTO {q(engine, table.name)} ({names}) VALUES ({', '.join(['%s'] * len(values))})"
    )
    if engine == "postgres" and table.serial:
        sql += f" RETURNING {q(engine, table.serial)}"
    with conn.cursor() as cur:
        cur.execute(sql, list(values.values()))
        if table.serial:
            return cur.fetchone()[0] if engine == "postgres" else cur.lastrowid
    return None


def _column(conn: Any, engine: str, table: str, col: str) -> list[Any]:
    t, c = _quote(engine, table), _quote(engine, col)
    return [next(iter(r.values())) for r in _rows(conn, f"SELECT {c} FROM {t} ORDER BY {c}")]


def _ordered(tables: dict[str, Table]) -> list[Table]:
    """Parents before children."""
    done: set[str] = set()
    out: list[Table] = []

    def visit(name: str) -> None:
        if name in done:
            return
        done.add(name)
        for parent, _ in tables[name].refs.values():
            if parent in tables:
                visit(parent)
        out.append(tables[name])

    for name in sorted(tables):
        visit(name)
    return out


def fill(url: DbUrl, app: str) -> dict[str, int]:
    """Three varied rows in every table; then one more row per numbered table, deleted again,
    so each sequence stands past the highest id. Returns those deleted ids."""
    gaps: dict[str, int] = {}
    with content.connect(url, "test fill") as conn:
        tables = catalog(conn, url.engine)
        keys: dict[tuple[str, str], list[Any]] = {}
        wanted = {ref for t in tables.values() for ref in t.refs.values()}
        for table in _ordered(tables):
            for i in range(3):
                insert(conn, url.engine, table, row_values(app, table, i, keys))
            for parent, col in wanted:
                if parent == table.name:
                    keys[(parent, col)] = _column(conn, url.engine, parent, col)
        for table in tables.values():
            if table.serial:
                gaps[table.name] = insert(conn, url.engine, table, row_values(app, table, 3, keys))
                t, k = _quote(url.engine, table.name), _quote(url.engine, table.serial)
                _rows(conn, f"DELETE FROM {t} WHERE {k} = %s", [gaps[table.name]])
    return gaps


def insert_after_restore(url: DbUrl, app: str, name: str) -> int:
    """A new row in a restored table, its id chosen by the restored sequence."""
    with content.connect(url, "test insert") as conn:
        tables = catalog(conn, url.engine)
        table = tables[name]
        keys = {ref: _column(conn, url.engine, *ref) for ref in table.refs.values()}
        new_id: int = insert(conn, url.engine, table, row_values(app, table, 99, keys))
    return new_id


def every_row(url: DbUrl) -> dict[str, list[tuple[Any, ...]]]:
    """Each table's rows in primary-key order, as the driver returns them."""
    with content.connect(url, "test compare") as conn:
        found = {}
        for name, table in catalog(conn, url.engine).items():
            order = ", ".join(_quote(url.engine, c) for c in table.key or table.columns)
            sql = f"SELECT * FROM {_quote(url.engine, name)} ORDER BY {order}"
            found[name] = [tuple(r.values()) for r in _rows(conn, sql)]
    return found


# Fixtures -----------------------------------------------------------------------------------


@dataclass
class Source:
    settings: Settings
    urls: dict[str, DbUrl]
    gaps: dict[str, dict[str, int]]


@pytest.fixture(scope="module")
def source(server: DbUrl) -> Iterator[Source]:
    """Every app's database, migrated and filled, once per engine."""
    settings = settings_for(server, {app: scratch_name(app) for app in REGISTRY})
    urls: dict[str, DbUrl] = {}
    try:
        gaps = {}
        for app in REGISTRY:
            url = urls[app] = server.with_database(_database(settings, app))
            targets.create(url, settings.maintenance_db)
            migrations.upgrade(url, app)
            gaps[app] = fill(url, app)
        yield Source(settings, urls, gaps)
    finally:
        for url in urls.values():
            targets.drop(url, settings.maintenance_db)


def _database(settings: Settings, app: str) -> str:
    url = settings.databases[app].url
    assert url is not None
    return url.database


@pytest.fixture
def scratch(server: DbUrl) -> Iterator[list[DbUrl]]:
    """Databases a test creates (restored copies): dropped afterwards."""
    made: list[DbUrl] = []
    yield made
    for url in made:
        targets.drop(url, "postgres")


def _copy(scratch: list[DbUrl], url: DbUrl, app: str) -> DbUrl:
    scratch.append(url.with_database(scratch_name(app)))
    return scratch[-1]


def _fresh_chat(server: DbUrl, scratch: list[DbUrl]) -> tuple[Settings, DbUrl]:
    settings = settings_for(server, {"chat": scratch_name("chat")})
    url = settings.databases["chat"].url
    assert url is not None
    scratch.append(url)
    targets.create(url, settings.maintenance_db)
    migrations.upgrade(url, "chat")
    return settings, url


# Guarantees --------------------------------------------------------------------------------


def test_every_row_of_every_app_comes_back_and_every_sequence_continues(
    source: Source, scratch: list[DbUrl], tmp_path: Path
) -> None:
    notes: list[str] = []
    path = sets.backup(source.settings, list(REGISTRY), tmp_path, notes.append)
    found = manifest.read(path)
    assert [e.app for e in found.apps] == list(REGISTRY)
    for entry in found.apps:
        thin = [
            t.name
            for t in entry.tables
            if t.rows < 3 and t.name.rpartition(".")[2] not in schema.BOOKKEEPING
        ]
        assert not thin, f"{entry.app}: the test must fill every table, these are not: {thin}"
        assert entry.migration_head == migrations.expected(entry.app, entry.engine)[-1]
    for app, url in source.urls.items():
        copy = _copy(scratch, url, app)
        restore.restore(
            source.settings, path, [app], notes.append, notes.append, as_new=copy.database
        )
        with content.connect(copy) as conn:
            stats = content.table_stats(conn, copy.engine, notes.append, app)
        assert stats == found.entries([app])[0].tables, f"{app}: checksums after restore"
        assert every_row(copy) == every_row(url), f"{app}: rows after restore"
        assert migrations.current(copy, app) == migrations.current(url, app)
        for table, deleted in source.gaps[app].items():
            new = insert_after_restore(copy, app, table)
            assert new > deleted, f"{app}.{table}: the sequence restarted at {new}"
        if app == "edu":
            assert any(BIG in row for row in every_row(copy)["scenarios"]), "the 16 MB value"


def test_a_backup_taken_while_writes_run_holds_what_its_dump_restores(
    server: DbUrl, scratch: list[DbUrl], tmp_path: Path
) -> None:
    settings, url = _fresh_chat(server, scratch)
    stop = threading.Event()
    written = [0]

    def write() -> None:
        with content.connect(url, "test writer") as conn, conn.cursor() as cur:
            while not stop.is_set():
                cur.execute("INSERT INTO users (username) VALUES (%s)", [f"writer {written[0]}"])
                written[0] += 1

    writer = threading.Thread(target=write)
    writer.start()
    try:
        while written[0] < 200:
            time.sleep(0.01)
        before = written[0]
        path = sets.backup(settings, ["chat"], tmp_path, quiet)
        after = written[0]
    finally:
        stop.set()
        writer.join()
    users = next(t.rows for t in manifest.read(path).apps[0].tables if t.name.endswith("users"))
    assert before <= users < after, "writes ran before, during and after the backup"
    good, bad = restore.verify(settings, path, None, quiet)
    assert bad == [] and len(good) == 1


@pytest.mark.parametrize("damage", ["one byte flipped", "truncated"])
def test_a_damaged_dump_fails_verify_and_restore_and_changes_nothing(
    source: Source, tmp_path: Path, damage: str
) -> None:
    path = sets.backup(source.settings, ["chat"], tmp_path, quiet)
    dump = path / manifest.read(path).apps[0].file
    data = bytearray(dump.read_bytes())
    if damage == "truncated":
        del data[len(data) // 2 :]
    else:
        data[len(data) // 2] ^= 0x01
    dump.write_bytes(bytes(data))
    expected = "truncated" if damage == "truncated" else "corrupt"
    with pytest.raises(BackupError, match=f"{expected}.*Nothing was restored or changed"):
        restore.verify(source.settings, path, None, quiet)
    new = source.urls["chat"].with_database(scratch_name("chat"))
    with pytest.raises(BackupError, match=expected):
        restore.restore(source.settings, path, None, quiet, print, as_new=new.database)
    assert not targets.exists(new)
    before = every_row(source.urls["chat"])
    with pytest.raises(BackupError, match=expected):  # before it even looks at the target
        restore.restore(source.settings, path, None, quiet, print, force=True)
    assert every_row(source.urls["chat"]) == before


def test_a_backup_at_an_older_migration_head_restores_then_upgrades(
    server: DbUrl, scratch: list[DbUrl], tmp_path: Path
) -> None:
    settings, url = _fresh_chat(server, scratch)
    assert migrations.downgrade(url, "chat") == [CHAT[1]]
    with content.connect(url) as conn, conn.cursor() as cur:
        cur.execute("INSERT INTO users (username) VALUES (%s)", ["older 舊"])
    gone = subprocess.Popen(["true"])
    gone.wait()
    with migrations._backend(url) as backend:
        backend._insert_lock_row(gone.pid, 1)  # a crashed migration's lock, captured by the dump
    path = sets.backup(settings, ["chat"], tmp_path, quiet)
    entry = manifest.read(path).apps[0]
    assert entry.migration_head == CHAT[0]
    copy = _copy(scratch, url, "chat")
    notes: list[str] = []
    restore.restore(settings, path, None, notes.append, print, as_new=copy.database)
    assert any("cleared the migration lock row" in n for n in notes)
    assert migrations.current(copy, "chat") == CHAT[0]
    assert migrations.upgrade(copy, "chat", lock_timeout=5) == [CHAT[1]]
    assert migrations.current(copy, "chat") == CHAT[1]
    assert [r[1] for r in every_row(copy)["users"]] == ["older 舊"]


def test_restore_refuses_a_database_that_is_not_empty_and_force_says_what_it_replaces(
    source: Source, scratch: list[DbUrl], tmp_path: Path
) -> None:
    chat = source.urls["chat"]
    path = sets.backup(source.settings, ["chat"], tmp_path, quiet)
    before = every_row(chat)
    with pytest.raises(BackupError, match=r"is not empty \(.*users \(3 rows\).*changed nothing"):
        restore.restore(source.settings, path, ["chat"], quiet, print)
    assert every_row(chat) == before
    other = _copy(scratch, chat, "chat")
    targets.create(other, source.settings.maintenance_db)
    with content.connect(other) as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE leftover (id INTEGER PRIMARY KEY)")
        cur.execute("INSERT INTO leftover (id) VALUES (7)")
    with pytest.raises(BackupError, match=r"leftover \(1 rows\)"):
        restore.restore(source.settings, path, None, quiet, print, into=other)
    notices: list[str] = []
    restore.restore(source.settings, path, None, quiet, notices.append, into=other, force=True)
    assert len(notices) == 1 and "--force: replacing" in notices[0] and "leftover" in notices[0]
    assert every_row(other) == before  # leftover is gone, chat's rows are there


def test_a_backup_waits_for_a_running_migration_and_gives_up_clearly(
    source: Source, tmp_path: Path
) -> None:
    url = source.urls["chat"]
    with migrations.locked(url, "chat"):  # what `datasvc migrate upgrade` holds while it runs
        with pytest.raises(BackupError, match="a migration .*has held the migration lock"):
            sets.backup(source.settings, ["chat"], tmp_path, quiet, lock_timeout=0.1)
    assert list(tmp_path.iterdir()) == [], "a failed backup leaves no set behind"


def test_an_unreachable_server_fails_in_one_line_and_leaves_no_set(
    engine: str, tmp_path: Path
) -> None:
    closed = DbUrl(engine, "127.0.0.1", 1, "root", "", "")
    settings = settings_for(closed, {"chat": "chat"})
    with pytest.raises(BackupError, match=r"chat: cannot connect to .*127\.0\.0\.1:1.*running"):
        sets.backup(settings, ["chat"], tmp_path, quiet)
    assert list(tmp_path.iterdir()) == []


def test_the_commands_exit_with_one_line_and_no_traceback(
    source: Source,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("APPS", "chat")
    monkeypatch.setenv("CHAT_DATABASE_URL", source.urls["chat"].render())
    monkeypatch.setenv("JWT_SECRET", SECRET)
    monkeypatch.setenv("BACKUP_DIR", str(tmp_path))
    assert cli.main(["backup", "--quiet"]) == 0
    out, err = capsys.readouterr()
    assert err == "" and Path(out.strip()).parent == tmp_path
    assert cli.main(["backups", "list"]) == 0
    assert re.search(r"UTC +unverified .* chat +\(chat never verified", capsys.readouterr().out)
    assert cli.main(["verify", "latest", "--quiet"]) == 0
    assert capsys.readouterr().out.startswith("chat: ok: chat.")
    assert cli.main(["backups", "list"]) == 0
    assert re.search(
        r"Z +\d{4}-\d\d-\d\d \d\d:\d\d UTC +verified .* chat\n", capsys.readouterr().out
    )
    assert cli.main(["restore", "latest", "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("datasvc: chat: ") and "not empty" in err and err.count("\n") == 1
    dump = next(Path(out.strip()).glob("chat.*"))
    dump.write_bytes(dump.read_bytes()[:-1] + b"!")
    assert cli.main(["backups", "list"]) == 0
    assert re.search(r"UTC +unverified .*changed since it was verified", capsys.readouterr().out)
    assert cli.main(["verify", "latest"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "corrupt" in err and "Traceback" not in err
    assert cli.main(["backups", "list"]) == 0
    assert re.search(r"UTC +failed .*verify failed: .*corrupt", capsys.readouterr().out)


# Without a database ------------------------------------------------------------------------


def _fake(folder: Path, name: str, says: str) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"#!/bin/sh\necho '{says}'\n")
    (folder / name).chmod(0o755)


def test_a_tool_of_another_major_version_or_none_is_refused_naming_what_to_install(
    tmp_path: Path,
) -> None:
    _fake(tmp_path, "pg_dump", "pg_dump (PostgreSQL) 15.4")
    with pytest.raises(BackupError, match=r"server runs PostgreSQL 16\.2.* 15\.4 at .*client-16"):
        tools.postgres("pg_dump", 16, "16.2", dirs=[tmp_path])
    assert tools.postgres("pg_dump", 15, "15.8", dirs=[tmp_path]).version == "15.4"
    with pytest.raises(BackupError, match="no pg_restore found .*postgresql-client-16"):
        tools.postgres("pg_restore", 16, "16.2", dirs=[tmp_path])
    with pytest.raises(BackupError, match="no mariadb-dump or mysqldump found"):
        tools.mysql("dump", "mariadb", dirs=[tmp_path])
    _fake(tmp_path, "mysqldump", "mysqldump  Ver 8.0.36 for Linux on x86_64 (MySQL Community)")
    _fake(tmp_path, "mariadb-dump", "mariadb-dump  Ver 10.19 Distrib 10.11.6-MariaDB, for linux")
    assert tools.mysql("dump", "mysql", dirs=[tmp_path]).name == "mysqldump"
    assert tools.mysql("dump", "mariadb", dirs=[tmp_path]).name == "mariadb-dump"


def _synthetic(root: Path, name: str, with_manifest: bool = True) -> None:
    (root / name).mkdir(parents=True)
    when = manifest.stamp_time(name) or datetime.now(UTC)
    if with_manifest and not name.endswith(manifest.PARTIAL):
        found = manifest.Manifest(manifest.FORMAT, name, "test", when, when, [])
        (root / name / manifest.MANIFEST).write_bytes(msgspec.json.encode(found))


def test_prune_keeps_the_newest_set_of_each_recent_day_and_iso_week(tmp_path: Path) -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # a Sunday, in ISO week 2026-W47
    kept = {
        "20261122T100000Z": "daily 2026-11-22, weekly 2026-W47",
        "20261121T020000Z": "daily 2026-11-21",
        "20261119T020000Z": "daily 2026-11-19",
        "20261115T020000Z": "weekly 2026-W46",
        "20261122T113000Z.partial": "may still be running",
        "20261101T020000Z": "unreadable",  # no manifest: left for a person
    }
    deleted = [
        "20261122T020000Z",  # the same day as a newer set
        "20261119T010000Z",
        "20261118T020000Z",  # a fourth day, in a week whose newest set is kept
        "20261110T020000Z",
        "20261103T020000Z",  # a third week
        "20261120T020000Z.partial",  # an unfinished run over a day old
    ]
    for name in [*kept, *deleted]:
        _synthetic(tmp_path, name, with_manifest=name != "20261101T020000Z")
    (tmp_path / "notes").mkdir()  # not named like a set: never touched
    said: list[str] = []
    decisions = retention.prune(tmp_path, 3, 2, now, said.append, dry_run=True)
    assert {d.found.name for d in decisions if d.keep} == set(kept)
    for d in decisions:
        if d.keep:
            assert kept[d.found.name] in d.why, d
    assert len(list(tmp_path.iterdir())) == len(kept) + len(deleted) + 1
    assert sum(line.startswith("would delete") for line in said) == len(deleted)
    retention.prune(tmp_path, 3, 2, now, quiet)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*kept, "notes"])
    with pytest.raises(BackupError, match="at least one must be above 0"):
        retention.prune(tmp_path, 0, 0, now, quiet)


# The embedded default, through the scripts -------------------------------------------------


def test_the_scripts_back_up_verify_restore_and_prune_the_embedded_default(tmp_path: Path) -> None:
    datasvc = Path(sys.executable).with_name("datasvc")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.endswith("DATABASE_URL") and k not in ("JWT_SECRET", "APPS", "BACKUP_DIR")
    }
    env.update(DATA_DIR=str(tmp_path / "data"), DATASVC=str(datasvc))

    def run(*args: str) -> str:
        done = subprocess.run(
            [*args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    for script in ("backup", "restore", "verify-backup", "prune-backups"):
        assert "Usage: scripts/" + script in run(str(ROOT / "scripts" / script), "--help")
    run(str(datasvc), "migrate", "upgrade", "--app", "chat")
    made = Path(run(str(ROOT / "scripts/backup"), "--app", "chat", "--quiet").strip())
    assert made.parent == tmp_path / "data" / "backups"
    assert run(str(ROOT / "scripts/verify-backup"), "latest", "--quiet").startswith("chat: ok")
    assert f"keep    {made.name}" in run(
        str(ROOT / "scripts/prune-backups"), "--keep-daily", "7", "--keep-weekly", "4"
    )
    # Restore is the same code as verify's; here only its wiring, which fails before any server.
    missing = subprocess.run(
        [str(ROOT / "scripts/restore"), "no-such-set"], env=env, capture_output=True, text=True
    )
    assert missing.returncode == 1 and "no backup set 'no-such-set'" in missing.stderr
