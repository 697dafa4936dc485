"""An app database's schema read back from the server's catalog and written as DDL-like text,
one canonical form per engine. `migrations/<app>/schema.<engine>.sql` holds the expected text,
written from the design document; the fidelity test and `migrate schema` compare against it."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from service import dbapi, migrations, queries
from service.config import DbUrl
from service.dbapi import Row

# yoyo's tables and the service's own; every other table belongs to the app.
BOOKKEEPING = frozenset(
    {
        "_yoyo_migration",
        "_yoyo_log",
        "_yoyo_version",
        "yoyo_lock",
        "_datasvc_checksums",
        "_datasvc_idempotency",
    }
)
HEADER = "-- Schema of the {app} database on {engine}, as the server's catalog shows it.\n"


def expected_path(app: str, engine: str) -> Path:
    return migrations.MIGRATIONS_ROOT / app / f"schema.{engine}.sql"


def read(url: DbUrl) -> str:
    """The live schema of the database `url` names, rendered canonically."""
    with dbapi.connect(url) as conn:
        return render_pg(conn) if url.engine == "postgres" else render_my(conn)


def document(app: str, engine: str, live: str) -> str:
    """A rendered schema as the expected file holds it: a header line, then the schema."""
    return HEADER.format(app=app, engine=engine) + live


def diff(app: str, engine: str, live: str) -> str:
    """A unified diff from the expected file to the live schema; empty when they agree."""
    path = expected_path(app, engine)
    want = path.read_text(encoding="utf-8") if path.exists() else ""
    have = document(app, engine, live)
    return "".join(
        difflib.unified_diff(
            want.splitlines(keepends=True),
            have.splitlines(keepends=True),
            fromfile=f"{migrations.relative(path)} (expected)",
            tofile="live database",
        )
    )


def _by_table(rows: list[Row]) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[row["table_name"]].append(row)
    return grouped


def _app_tables(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r["table_name"] not in BOOKKEEPING]


def _create_table(name: str, lines: list[str], suffix: str = "") -> str:
    return f"CREATE TABLE {name} (\n    " + ",\n    ".join(lines) + f"\n){suffix};\n"


# PostgreSQL ---------------------------------------------------------------------------------


def render_pg(conn: Any) -> str:
    q = queries.system("postgres")
    schema = dbapi.run(conn, q.schema_current)[0]["schema_name"] + "."
    tables = [r["table_name"] for r in _app_tables(dbapi.run(conn, q.schema_tables))]
    columns = _by_table(dbapi.run(conn, q.schema_columns))
    constraints = _by_table(dbapi.run(conn, q.schema_constraints))
    indexes = _by_table(dbapi.run(conn, q.schema_indexes))
    triggers = _by_table(dbapi.run(conn, q.schema_triggers))
    out = [f"\nCREATE EXTENSION {r['name']};\n" for r in dbapi.run(conn, q.schema_extensions)]
    for fn in dbapi.run(conn, q.schema_functions):
        out.append("\n" + _strip_schema(fn["definition"].strip(), schema) + ";\n")
    order = {"p": 0, "u": 1, "f": 2, "c": 3, "x": 4}
    for table in tables:
        lines = [_pg_column(c) for c in columns[table]]
        for con in sorted(
            constraints[table], key=lambda c: (order[c["kind"]], c["constraint_name"])
        ):
            definition = _strip_schema(con["definition"], schema)
            lines.append(f"CONSTRAINT {con['constraint_name']} {definition}")
        out.append("\n" + _create_table(table, lines))
        for index in indexes[table]:
            text = _strip_schema(index["definition"], schema).replace(" USING btree ", " ")
            out.append(text + ";\n")
        for trigger in triggers[table]:
            out.append(_strip_schema(trigger["definition"], schema) + ";\n")
    return "".join(out)


def _strip_schema(text: str, schema: str) -> str:
    return text.replace(schema, "")


def _pg_column(col: Row) -> str:
    parts = [col["column_name"], col["column_type"]]
    if col["collation_name"]:
        parts.append(f'COLLATE "{col["collation_name"]}"')
    if col["identity"]:
        parts.append(
            f"GENERATED {'ALWAYS' if col['identity'] == 'a' else 'BY DEFAULT'} AS IDENTITY"
        )
    if col["generated"] == "s":
        parts.append(f"GENERATED ALWAYS AS ({col['column_default']}) STORED")
    elif col["column_default"] is not None:
        parts.append(f"DEFAULT {col['column_default']}")
    if col["not_null"]:
        parts.append("NOT NULL")
    return " ".join(parts)


# MySQL / MariaDB ----------------------------------------------------------------------------

_INT_WIDTH = re.compile(r"^(tinyint|smallint|mediumint|int|bigint)\(\d+\)")
_NOW = re.compile(r"current_timestamp\(\)", re.I)


def render_my(conn: Any) -> str:
    q = queries.system("mysql")
    table_rows = _app_tables(dbapi.run(conn, q.schema_tables))
    columns = _by_table(dbapi.run(conn, q.schema_columns))
    constraints = _by_table(dbapi.run(conn, q.schema_constraints))
    index_columns = _by_table(dbapi.run(conn, q.schema_index_columns))
    foreign = _by_table(dbapi.run(conn, q.schema_foreign_keys))
    checks: dict[str, dict[str, str]] = defaultdict(dict)
    for row in dbapi.run(conn, q.schema_checks):
        # MariaDB's CHECK_CONSTRAINTS carries TABLE_NAME; drop rows joined to another table.
        if row.get("table_name", row["owner_table"]) == row["owner_table"]:
            checks[row["owner_table"]][row["constraint_name"]] = row["check_clause"]
    out: list[str] = []
    for t in table_rows:
        table = t["table_name"]
        json_cols = _mariadb_json_columns(columns[table], checks[table])
        lines = [_my_column(c, t["collation_name"], json_cols) for c in columns[table]]
        kinds = {c["constraint_name"]: c["kind"] for c in constraints[table]}
        keys: dict[str, list[Row]] = defaultdict(list)
        for part in index_columns[table]:
            keys[part["index_name"]].append(part)
        if "PRIMARY" in keys:
            lines.append(f"PRIMARY KEY ({_key_parts(keys['PRIMARY'])})")
        for name in sorted(n for n, k in kinds.items() if k == "UNIQUE"):
            lines.append(f"CONSTRAINT {name} UNIQUE ({_key_parts(keys[name])})")
        fks: dict[str, list[Row]] = defaultdict(list)
        for part in foreign[table]:
            fks[part["constraint_name"]].append(part)
        for name in sorted(fks):
            parts = fks[name]
            cols = ", ".join(p["column_name"] for p in parts)
            refs = ", ".join(p["referenced_column"] for p in parts)
            action = "".join(
                f" ON {verb} {parts[0][rule]}"
                for verb, rule in (("UPDATE", "update_rule"), ("DELETE", "delete_rule"))
                if parts[0][rule] not in ("RESTRICT", "NO ACTION")
            )
            lines.append(
                f"CONSTRAINT {name} FOREIGN KEY ({cols})"
                f" REFERENCES {parts[0]['referenced_table']} ({refs}){action}"
            )
        for name in sorted(checks[table]):
            if name not in json_cols:
                lines.append(f"CONSTRAINT {name} CHECK ({checks[table][name]})")
        suffix = f" ENGINE={t['engine']} COLLATE={t['collation_name']}"
        out.append("\n" + _create_table(table, lines, suffix))
        for name in sorted(keys):
            if name == "PRIMARY" or kinds.get(name) == "UNIQUE":
                continue
            parts = keys[name]
            unique = "UNIQUE " if not int(parts[0]["non_unique"]) else ""
            using = "" if parts[0]["index_type"] == "BTREE" else f" USING {parts[0]['index_type']}"
            out.append(f"CREATE {unique}INDEX {name} ON {table} ({_key_parts(parts)}){using};\n")
    return "".join(out)


def _mariadb_json_columns(columns: list[Row], checks: dict[str, str]) -> set[str]:
    """MariaDB stores JSON as LONGTEXT plus a CHECK (json_valid(col)) named after the column."""
    return {
        c["column_name"]
        for c in columns
        if c["data_type"] == "longtext"
        and checks.get(c["column_name"], "").replace("`", "") == f"json_valid({c['column_name']})"
    }


def _key_parts(parts: list[Row]) -> str:
    rendered = []
    for p in parts:
        text = p["column_name"] + (f"({p['sub_part']})" if p["sub_part"] else "")
        rendered.append(text + (" DESC" if p["direction"] == "D" else ""))
    return ", ".join(rendered)


def _my_column(col: Row, table_collation: str, json_cols: set[str]) -> str:
    name = col["column_name"]
    kind = "json" if name in json_cols else col["column_type"]
    if kind != "tinyint(1)":
        kind = _INT_WIDTH.sub(r"\1", kind)
    parts = [name, kind]
    if col["collation_name"] and col["collation_name"] != table_collation and kind != "json":
        parts.append(f"COLLATE {col['collation_name']}")
    if col["is_nullable"] == "NO":
        parts.append("NOT NULL")
    default = _my_default(col)
    if default is not None:
        parts.append(f"DEFAULT {default}")
    extra = re.sub(r"\bDEFAULT_GENERATED\b", "", col["extra"] or "", flags=re.I).strip()
    if extra:
        parts.append(_lower_now(extra))
    return " ".join(parts)


def _my_default(col: Row) -> str | None:
    """MariaDB quotes literal defaults and writes NULL as text; MySQL 8 writes literals bare and
    marks expressions DEFAULT_GENERATED. Both become SQL as one would write it."""
    value = col["column_default"]
    if value is None or value == "NULL":
        return None
    text = str(value)
    if text.startswith("'") or re.fullmatch(r"-?\d+(\.\d+)?", text):
        return text
    generated = "DEFAULT_GENERATED" in (col["extra"] or "").upper()
    if not (generated or re.fullmatch(r"[a-z_]+\(.*\)", text, re.I)):
        return "'" + text.replace("'", "''") + "'"
    expression = _lower_now(text)
    # CURRENT_TIMESTAMP is written bare; any other expression default needs its parentheses.
    return expression if expression.startswith("current_timestamp") else f"({expression})"


def _lower_now(text: str) -> str:
    """Lower case, and `current_timestamp()` as MySQL 8 and MariaDB both accept it bare."""
    return _NOW.sub("current_timestamp", text.lower())
