"""The value types every app shares (text, integer columns, moments), rules on decoded bodies that
msgspec's own constraints cannot say, and the parameters a partial update passes to its query."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any

import msgspec
from msgspec import Meta

from service.http import field_rule

# MySQL's TEXT and VARCHAR(512) limits, applied on both engines so they accept the same rows.
TEXT_BYTES = 65_535
URL_CHARS = 512
# MariaDB's json_valid() refuses a document nested 32 levels deep; PostgreSQL takes far more.
JSON_DEPTH = 31


def anchored(regex: str) -> str:
    r"""A pattern the whole value must match. msgspec applies `pattern` with re.search, and
    Python's `$` also matches before a final newline ("x\n" passes `^x$`); `\Z` does not. The
    OpenAPI document shows `\Z` as `$`, which is end of input in JSON Schema's regex dialect."""
    return rf"^(?:{regex})\Z"


# Neither engine stores U+0000 alike (PostgreSQL refuses it), and a lone UTF-16 surrogate is
# not text at all: both are refused wherever text goes in.
STORABLE = anchored(r"[^\x00\ud800-\udfff]*")  # as a msgspec Meta(pattern=...)
UNSTORABLE = re.compile(r"[\x00\ud800-\udfff]")
# Every text field is this type, narrowed with Annotated[Text, Meta(max_length=...)].
Text = Annotated[str, Meta(pattern=STORABLE)]

# Integer columns by their SQL type, the same range on both engines: Struct fields, query
# parameters and token subjects use these, so a value a column cannot hold is a 422 (or 401)
# and never reaches the driver.
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
Int32 = Annotated[int, Meta(ge=-INT32_MAX - 1, le=INT32_MAX)]  # INTEGER / INT
Int64 = Annotated[int, Meta(ge=-INT64_MAX - 1, le=INT64_MAX)]  # BIGINT
Serial = Annotated[int, Meta(ge=1, le=INT32_MAX)]  # SERIAL / INT AUTO_INCREMENT ids
BigSerial = Annotated[int, Meta(ge=1, le=INT64_MAX)]  # BIGSERIAL / BIGINT AUTO_INCREMENT ids

# What both engines store in a timestamp column: MySQL's DATETIME range, in UTC.
EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC)
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def text_fits(struct: msgspec.Struct, *names: str, most: int = TEXT_BYTES) -> None:
    """TEXT columns hold at most 65,535 bytes of UTF-8 on MySQL (not characters: 16,384 emoji
    already fill one)."""
    for name in names:
        value = getattr(struct, name)
        if isinstance(value, str) and len(value) * 4 > most and len(value.encode()) > most:
            raise field_rule(name, f"is over {most} bytes of UTF-8 ({len(value.encode())})")


def url_or_path(struct: msgspec.Struct, *names: str) -> None:
    """An image or audio reference: a URL or path, never the file inlined as a data: URL."""
    for name in names:
        value = getattr(struct, name)
        if not isinstance(value, str):
            continue
        if UNSTORABLE.search(value):
            raise field_rule(name, "holds U+0000 or a lone surrogate, which is not storable text")
        if value[:5].lower() == "data:":
            raise field_rule(
                name,
                "is a base64 data: URL; upload the file and store its URL or path here instead",
            )
        if len(value) > URL_CHARS:
            raise field_rule(name, f"is over {URL_CHARS} characters; store a shorter URL or path")


def storable_moment(value: datetime) -> datetime | None:
    """`value` in UTC (no offset means UTC), or None when a timestamp column on either engine
    cannot hold it."""
    try:
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:
        return None
    return moment if EARLIEST <= moment <= LATEST else None


def _step(key: str | int) -> str:
    if isinstance(key, int):
        return f"[{key}]"
    return f".{key}" if _NAME.fullmatch(key) else f"[{msgspec.json.encode(key).decode()}]"


def _json_problem(value: Any, depth: int) -> tuple[str, str] | None:
    """Where in a JSON value (relative path) a rule breaks, and which; None when it fits."""
    if isinstance(value, str):
        return ("", "holds U+0000 or a lone surrogate") if UNSTORABLE.search(value) else None
    if not isinstance(value, dict | list):
        return None
    if depth > JSON_DEPTH:
        return "", f"is nested more than {JSON_DEPTH} levels deep"
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(key, str) and UNSTORABLE.search(key):
            return _step(key), "is a key holding U+0000 or a lone surrogate"
        found = _json_problem(item, depth + 1)
        if found is not None:
            return _step(key) + found[0], found[1]
    return None


def json_fits(struct: msgspec.Struct, *names: str) -> None:
    """A JSON column's value stores alike on both engines: no U+0000 or lone surrogate in its
    strings and keys, at most 31 levels deep."""
    for name in names:
        found = _json_problem(getattr(struct, name), 1)
        if found is not None:
            raise field_rule(name + found[0], found[1])


def new_row(struct: msgspec.Struct) -> dict[str, Any]:
    """A create body as insert parameters; an `id` the client did not send is a new UUID."""
    params = msgspec.structs.asdict(struct)
    if params.get("id", msgspec.UNSET) is msgspec.UNSET:
        params["id"] = str(uuid.uuid4())
    return params


def given(struct: msgspec.Struct) -> dict[str, Any]:
    """The fields a client sent (UNSET ones left out)."""
    return {
        name: value
        for name in struct.__struct_fields__
        if (value := getattr(struct, name)) is not msgspec.UNSET
    }


def changes(struct: msgspec.Struct) -> dict[str, Any]:
    """A partial update's query parameters: per field its value and `set_<field>`, whether it was
    sent, so null clears a column and an absent field keeps it."""
    params: dict[str, Any] = {}
    for name in struct.__struct_fields__:
        value = getattr(struct, name)
        params[name] = None if value is msgspec.UNSET else value
        params[f"set_{name}"] = value is not msgspec.UNSET
    return params
