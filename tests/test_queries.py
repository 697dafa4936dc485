"""Named queries: file syntax, per-engine compilation, both engines defining the same set."""

from __future__ import annotations

from pathlib import Path

import pytest

from service import queries
from service.apps import REGISTRY
from service.queries import QueryFileError

SAMPLE = """-- name: get-thing^
-- One thing.
-- Second doc line.
SELECT id, data::text, ':not_a_param', "quoted:col", 100 % 7 AS m
  FROM things -- by :id
 WHERE id = :id AND owner = :owner OR :id IS NULL;

-- name: count-things$
SELECT count(*) FROM things;

-- name: touch!
UPDATE things SET at = now() WHERE id = :id;
"""


def write(tmp_path: Path, text: str, sub: str = "app") -> Path:
    folder = tmp_path / sub
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "things.sql").write_text(text)
    return tmp_path


def test_postgres_compiles_to_numbered_parameters(tmp_path: Path) -> None:
    q = queries.load("app", "postgres", write(tmp_path, SAMPLE)).get_thing
    assert q.kind == "one" and q.doc == "One thing.\nSecond doc line."
    assert q.params == ("id", "owner")
    assert "WHERE id = $1 AND owner = $2 OR $1 IS NULL" in q.sql
    assert "data::text" in q.sql and "':not_a_param'" in q.sql and '"quoted:col"' in q.sql
    assert not q.sql.endswith(";")


def test_mysql_compiles_to_pyformat_and_escapes_percent(tmp_path: Path) -> None:
    q = queries.load("app", "mysql", write(tmp_path, SAMPLE)).get_thing
    assert "WHERE id = %(id)s AND owner = %(owner)s OR %(id)s IS NULL" in q.sql
    assert "100 %% 7" in q.sql
    assert "WHERE id = ? AND owner = ? OR ? IS NULL" in q.check_sql and "100 % 7" in q.check_sql


def test_kinds_follow_the_suffix(tmp_path: Path) -> None:
    found = queries.load("app", "postgres", write(tmp_path, SAMPLE))
    assert (found.count_things.kind, found.touch.kind) == ("value", "exec")


def test_variants_replace_portable_queries_of_the_same_name(tmp_path: Path) -> None:
    write(tmp_path, SAMPLE)
    write(tmp_path, "-- name: touch!\nUPDATE things SET at = NOW(6) WHERE id = :id;\n", "app/my")
    assert "NOW(6)" in queries.load("app", "mysql", tmp_path).touch.sql
    assert "now()" in queries.load("app", "postgres", tmp_path).touch.sql


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-- name: a\nSELECT 1; SELECT 2;\n", "one statement"),
        ("-- name: a\nSELECT 1;\n-- name: a\nSELECT 2;\n", "twice"),
        ("SELECT 1;\n-- name: a\nSELECT 2;\n", "before the first"),
        ("-- name: a\n-- only a comment\n", "no SQL"),
    ],
)
def test_malformed_files_name_file_and_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(QueryFileError, match=message) as caught:
        queries.load("app", "postgres", write(tmp_path, text))
    assert "things.sql:" in str(caught.value)


def test_missing_or_extra_parameters_are_named(tmp_path: Path) -> None:
    q = queries.load("app", "postgres", write(tmp_path, SAMPLE)).get_thing
    error = q.missing({"id": 1, "ownr": 2})
    assert "owner" in str(error) and "ownr" in str(error) and "get-thing" in str(error)


@pytest.mark.parametrize("app", [*REGISTRY, "_service"])
def test_both_engines_define_the_same_named_queries(app: str) -> None:
    pg, my = queries.load(app, "postgres"), queries.load(app, "mysql")
    if app == "_service":
        # What engine-neutral code calls must exist on both; the rest is engine-specific by
        # nature (MySQL's session and PREPARE helpers, each catalog's own schema queries).
        shared = {
            "applied-migrations", "create-database", "drop-database",
            "list-checksums", "record-checksum", "forget-checksum", "try-migration-lock",
            "release-migration-lock", "migration-lock-holder", "get-yoyo-lock",
            "clear-yoyo-lock", "schema-tables", "schema-columns", "schema-constraints",
        }  # fmt: skip
        assert shared <= set(pg.by_name) and shared <= set(my.by_name)
        return
    assert set(pg.by_name) == set(my.by_name)
    for name in pg.by_name:
        assert set(pg.by_name[name].params) == set(my.by_name[name].params), name
        assert pg.by_name[name].kind == my.by_name[name].kind, name


def test_no_python_module_holds_sql_text() -> None:
    import re

    service = Path(queries.__file__).parent
    pattern = re.compile(
        r"""["'](SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|CREATE TABLE|ALTER TABLE)\b"""
    )
    # schema.py writes a schema description that reads like DDL; it never runs it.
    renders = {service / "schema.py"}
    offenders = [
        str(p) for p in service.rglob("*.py") if p not in renders and pattern.search(p.read_text())
    ]
    assert offenders == []
