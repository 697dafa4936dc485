"""Named queries in aiosql's file syntax, loaded from sql/<app>/ and compiled for one engine.

A file holds blocks like:

    -- name: get-chat^
    -- One chat of one owner (or of anyone, for an admin).
    SELECT ... WHERE id = :id;

The suffix says what a call returns: none, a list of rows; `^`, one row or None; `$`, the first
column of the first row; `!`, the number of rows affected. Portable files sit in sql/<app>/, an
engine's variants of the same names in sql/<app>/pg/ or sql/<app>/my/.

A write that answers with its row is a `^` query. On PostgreSQL it is one statement
(`INSERT/UPDATE ... RETURNING`, in the pg/ variant); where the engine cannot RETURN, the portable
version names its read-back on the line under the header, `-- then: get-chat`, and the runner
runs the write and then the read-back (with the write's parameters of the same names) on one
connection in one transaction; a write that matched no row answers None without reading back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

# service/sql is the root sql/ folder (a symlink in a checkout, copied files in a wheel).
SQL_ROOT = Path(str(files("service") / "sql")).resolve()
VARIANT_DIRS = {"postgres": "pg", "mysql": "my"}
KINDS = {"": "many", "^": "one", "$": "value", "!": "exec"}

_HEADER = re.compile(r"^--\s*name:\s*(?P<name>[a-z][a-z0-9_-]*)(?P<suffix>\^|\$|!)?\s*$")
_THEN = re.compile(r"^then:\s*(?P<name>[a-z][a-z0-9_-]*)$")
_TOKEN = re.compile(
    r"""'(?:[^']|'')*'          # string literal
      | "(?:[^"]|"")*"          # quoted identifier
      | `[^`]*`                 # MySQL quoted identifier
      | --[^\n]*                # line comment
      | /\*.*?\*/               # block comment
      | ::                      # PostgreSQL cast, not a parameter
      | :(?P<param>[A-Za-z_][A-Za-z0-9_]*)
      | %
      | ;
    """,
    re.X | re.S,
)


class QueryFileError(Exception):
    """A .sql file that does not follow the named-query syntax; says file and line."""


@dataclass(frozen=True)
class Query:
    name: str
    kind: str
    doc: str
    file: Path
    line: int
    text: str
    sql: str
    params: tuple[str, ...]
    check_sql: str
    then_name: str = ""
    then: Query | None = None  # the read-back of a write the engine cannot RETURN from

    @property
    def where(self) -> str:
        try:
            shown = self.file.relative_to(SQL_ROOT.parent)
        except ValueError:
            shown = self.file
        return f"{shown}:{self.line}"

    def missing(self, values: Mapping[str, Any]) -> TypeError:
        wanted, given = set(self.params), set(values)
        return TypeError(
            f"query {self.name} ({self.where}) takes :{', :'.join(sorted(wanted))};"
            f" missing {sorted(wanted - given)}, unexpected {sorted(given - wanted)}"
        )


def _compile(text: str, engine: str, where: str) -> tuple[str, tuple[str, ...], str]:
    """Rewrite :params for the driver; also a `?` form for MySQL's server-side PREPARE check."""
    order: list[str] = []
    out: list[str] = []
    check: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(text):
        plain = text[pos : match.start()]
        out.append(plain)
        check.append(plain)
        token = match.group(0)
        name = match.group("param")
        if token == ";":
            if text[match.end() :].strip():
                raise QueryFileError(f"{where}: one statement per name; found a second after ';'")
            token = ""
        if name is not None:
            if name not in order:
                order.append(name)
            out.append(f"${order.index(name) + 1}" if engine == "postgres" else f"%({name})s")
            check.append("?" if engine == "mysql" else out[-1])
        else:
            check.append(token)
            out.append(token.replace("%", "%%") if engine == "mysql" else token)
        pos = match.end()
    out.append(text[pos:])
    check.append(text[pos:])
    return "".join(out).strip(), tuple(order), "".join(check).strip()


def _blocks(path: Path) -> Iterator[tuple[str, str, str, int, str]]:
    name = suffix = ""
    line_no = 0
    doc: list[str] = []
    body: list[str] = []
    in_doc = False
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        header = _HEADER.match(line.strip())
        if header:
            if name:
                yield name, suffix, "\n".join(doc), line_no, "\n".join(body)
            name, suffix, line_no = header["name"], header["suffix"] or "", number
            doc, body, in_doc = [], [], True
            continue
        if not name:
            if line.strip() and not line.strip().startswith("--"):
                raise QueryFileError(f"{path}:{number}: SQL before the first '-- name:' header")
            continue
        if in_doc and line.strip().startswith("--"):
            doc.append(line.strip()[2:].strip())
            continue
        in_doc = False
        body.append(line)
    if name:
        yield name, suffix, "\n".join(doc), line_no, "\n".join(body)


def load_file(path: Path, engine: str) -> dict[str, Query]:
    found: dict[str, Query] = {}
    for name, suffix, doc, line, body in _blocks(path):
        where = f"{path}:{line}"
        if not body.strip():
            raise QueryFileError(f"{where}: query {name} has no SQL")
        if name in found:
            raise QueryFileError(f"{where}: query {name} is defined twice in this file")
        sql, params, check = _compile(body, engine, where)
        doc_lines = doc.split("\n")
        then = [m["name"] for text in doc_lines if (m := _THEN.match(text))]
        if len(then) > 1:
            raise QueryFileError(f"{where}: query {name} names more than one '-- then:' read-back")
        if then and KINDS[suffix] != "one":
            raise QueryFileError(f"{where}: only a ^ write has a '-- then:' read-back ({name})")
        doc = "\n".join(text for text in doc_lines if not _THEN.match(text))
        found[name] = Query(
            name,
            KINDS[suffix],
            doc,
            path,
            line,
            body.strip(),
            sql,
            params,
            check,
            then[0] if then else "",
        )
    return found


def _with_read_backs(merged: dict[str, Query]) -> dict[str, Query]:
    """Link each `-- then:` to its query, which must be a `^` taking only the write's params."""
    linked = dict(merged)
    for name, query in merged.items():
        if not query.then_name:
            continue
        read = merged.get(query.then_name)
        if read is None or read.kind != "one" or read.then_name:
            raise QueryFileError(
                f"{query.where}: '-- then: {query.then_name}' must name a plain ^ query"
            )
        extra = sorted(set(read.params) - set(query.params))
        if extra:
            raise QueryFileError(
                f"{query.where}: read-back {read.name} takes :{', :'.join(extra)},"
                f" which {name} does not"
            )
        linked[name] = replace(query, then=read)
    return linked


class QuerySet:
    """The named queries of one app on one engine; `queries.get_chat` finds `get-chat`."""

    def __init__(self, app: str, engine: str, queries: Mapping[str, Query]) -> None:
        self.app = app
        self.engine = engine
        self.by_name = dict(queries)
        self._by_attr = {name.replace("-", "_"): q for name, q in queries.items()}

    def __getattr__(self, attr: str) -> Query:
        try:
            return self._by_attr[attr]
        except KeyError:
            raise AttributeError(
                f"no query {attr.replace('_', '-')!r} in sql/{self.app}/ for {self.engine}"
            ) from None

    def __iter__(self) -> Iterator[Query]:
        return iter(self.by_name.values())

    def __len__(self) -> int:
        return len(self.by_name)


def load(app: str, engine: str, root: Path = SQL_ROOT) -> QuerySet:
    """Portable files first, then the engine's variants, which replace queries of the same name.
    An app with no folder yet (its schema but no routes) has no queries."""
    base = root / app
    merged: dict[str, Query] = {}
    for folder in (base, base / VARIANT_DIRS[engine]):
        level: dict[str, Query] = {}
        for path in sorted(folder.glob("*.sql")):
            for name, query in load_file(path, engine).items():
                if name in level:
                    raise QueryFileError(
                        f"{query.where}: query {name} is also defined in {level[name].where}"
                    )
                level[name] = query
        merged.update(level)
    return QuerySet(app, engine, _with_read_backs(merged))


@cache
def pyformat(query: Query) -> str:
    """The query with `%(name)s` placeholders, as the DB-API drivers (psycopg, PyMySQL) take it."""
    return _compile(query.text, "mysql", query.where)[0]


@cache
def system(engine: str) -> QuerySet:
    """The service's own queries (sql/_service/) for one engine, read once per process."""
    return load("_service", engine)
