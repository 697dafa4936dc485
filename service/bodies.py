"""Rules on decoded request bodies that msgspec's own constraints cannot say, and the parameters a
partial update passes to its query."""

from __future__ import annotations

from typing import Any

import msgspec

from service.http import field_rule

# MySQL's TEXT and VARCHAR(512) limits, applied on both engines so they accept the same rows.
TEXT_BYTES = 65_535
URL_CHARS = 512


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
        if value[:5].lower() == "data:":
            raise field_rule(
                name,
                "is a base64 data: URL; upload the file and store its URL or path here instead",
            )
        if len(value) > URL_CHARS:
            raise field_rule(name, f"is over {URL_CHARS} characters; store a shorter URL or path")


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
