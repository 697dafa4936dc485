"""The JSON file format of the tutor's original backend: one file per child, `<id>.json`, with
the profile, mastered words per language, grammar URIs, approved cards and the chat history.

profile.schema.json beside this module is generated from `ProfileFile` (see `schema()`); the
import validates with the same Struct, so the published schema and the checks cannot disagree.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import msgspec
from msgspec import Meta, Struct

from service.apps.tutor.models import (
    PROFILE_JSON,
    PROFILE_TEXTS,
    CardType,
    GrammarUri,
    Interest,
    Line,
    LongText,
    MentalAge,
    Name,
    ProfileId,
    Role,
    Word,
    moment_fits,
)
from service.bodies import json_fits, text_fits
from service.db import Row
from service.http import field_rule, validation_error

SCHEMA_PATH = Path(__file__).with_name("profile.schema.json")
Moment = Annotated[datetime, Meta(description="RFC 3339, UTC: 2024-03-01T08:00:00Z")]
_encode = msgspec.json.Encoder()


class Words(Struct, forbid_unknown_fields=True):
    """Mastered words per language, in the order they were learned."""

    zh: list[Word] = []
    en: list[Word] = []


class FileCard(Struct, forbid_unknown_fields=True):
    card_type: CardType
    content: dict[str, Any]
    approved_at: Moment | None = None


class FileMessage(Struct, forbid_unknown_fields=True):
    role: Role
    content: Annotated[LongText, Meta(min_length=1)]
    timestamp: Moment | None = None


class ProfileFile(Struct, forbid_unknown_fields=True, kw_only=True):
    """One child's file, `<id>.json`. Absent fields are null or empty; the export writes every
    key, in this order."""

    id: ProfileId
    name: Name
    dob: Annotated[date, Meta(description="date of birth, YYYY-MM-DD")] | None = None
    gender: Line | None = None
    address: Line | None = None
    school: Line | None = None
    neighborhood: Line | None = None
    interests: Annotated[list[Interest], Meta(max_length=200)] | None = None
    character_roster: Annotated[list[Any], Meta(max_length=200)] | None = None
    verbal_fluency: Line | None = None
    passive_language_level: Line | None = None
    mental_age: MentalAge | None = None
    raw_input: LongText | None = None
    extracted_data: dict[str, Any] | None = None
    created_at: Moment | None = None
    updated_at: Moment | None = None
    mastered_words: Words = msgspec.field(default_factory=Words)
    mastered_grammar: list[GrammarUri] = []
    approved_cards: list[FileCard] = []
    chat_history: list[FileMessage] = []

    def __post_init__(self) -> None:
        text_fits(self, *PROFILE_TEXTS, most=800_000)
        json_fits(self, *PROFILE_JSON)
        moment_fits(self, "created_at", "updated_at")
        for language in ("zh", "en"):
            _unique(getattr(self.mastered_words, language), f"mastered_words.{language}")
        _unique(self.mastered_grammar, "mastered_grammar")
        for i, card in enumerate(self.approved_cards):
            json_fits(card, "content")
            _moment(card, "approved_at", f"approved_cards[{i}]")
        for i, message in enumerate(self.chat_history):
            _moment(message, "timestamp", f"chat_history[{i}]")


def _unique(values: list[str], where: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            raise field_rule(f"{where}[{i}]", f"repeats {value!r}; each may appear once")
        seen.add(value)


def _moment(item: Struct, name: str, where: str) -> None:
    try:
        moment_fits(item, name)
    except ValueError:
        raise field_rule(f"{where}.{name}", "is outside the years 1000 to 9999") from None


_decoder = msgspec.json.Decoder(ProfileFile)


class FileProblem(Struct):
    file: str
    path: str
    reason: str


def read(path: Path) -> ProfileFile | FileProblem:
    """One file, validated whole: the profile, or where and why it is refused."""
    name = path.name
    data = path.read_bytes()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return FileProblem(name, "$", f"is not UTF-8: byte {exc.start} is {data[exc.start]:#04x}")
    try:
        profile = _decoder.decode(data)
    except msgspec.ValidationError as exc:
        problem = validation_error(exc).errors
        assert problem
        return FileProblem(name, problem[0].path, problem[0].message)
    except (msgspec.DecodeError, RecursionError) as exc:
        return FileProblem(name, "$", f"is not valid JSON: {exc}")
    if profile.id != path.stem:
        return FileProblem(name, "$.id", f"is {profile.id!r}, but the file is named {name!r}")
    return profile


def canonical(profile: ProfileFile) -> dict[str, Any]:
    """A profile as plain JSON values, as the export writes it."""
    value: dict[str, Any] = msgspec.to_builtins(profile)
    return value


def prepare(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)


def write(directory: Path, profile: ProfileFile) -> Path:
    path = directory / f"{profile.id}.json"
    path.write_bytes(msgspec.json.format(_encode.encode(profile), indent=2) + b"\n")
    return path


def from_rows(
    profile: Row,
    words: list[Row],
    grammar: list[Row],
    cards: list[Row],
    messages: list[Row],
) -> ProfileFile:
    """A profile's file from its rows (the export, and the import's read-back)."""
    fields = {name: profile[name] for name in ProfileFile.__struct_fields__ if name in profile}
    dob = fields.get("dob")
    if isinstance(dob, str):
        try:
            fields["dob"] = date.fromisoformat(dob)
        except ValueError:
            pass  # written outside the service: exported as it is
    return ProfileFile(
        **fields,
        mastered_words=Words(
            zh=[w["word"] for w in words if w["language"] == "zh"],
            en=[w["word"] for w in words if w["language"] == "en"],
        ),
        mastered_grammar=[g["grammar_uri"] for g in grammar],
        approved_cards=[FileCard(c["card_type"], c["content"], c["approved_at"]) for c in cards],
        chat_history=[FileMessage(m["role"], m["content"], m["timestamp"]) for m in messages],
    )


def schema() -> dict[str, Any]:
    """The JSON Schema of one file (what profile.schema.json holds)."""
    # Python's end of input `\Z` (service.bodies.anchored) is `$` in JSON Schema's regexes.
    text = msgspec.json.encode(msgspec.json.schema(ProfileFile)).replace(b'\\\\Z"', b'$"')
    body: dict[str, Any] = msgspec.json.decode(text)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://datasvc.example/tutor/profile.schema.json",
        "title": "A child's tutor profile file (<id>.json)",
        **body,
    }
