"""Request and response shapes of the tutor app (seed 001)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, Struct, UnsetType

from service.bodies import Text, anchored, json_fits, storable_moment, text_fits
from service.http import field_rule

ID_PATTERN = anchored(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,127}")
ProfileId = Annotated[
    str,
    Meta(
        pattern=ID_PATTERN,
        description="1 to 128 letters, digits and _ . : - (a UUID when generated)",
    ),
]
Name = Annotated[Text, Meta(min_length=1, max_length=200)]
Line = Annotated[Text, Meta(max_length=500)]
LongText = Annotated[Text, Meta(max_length=200_000, description="at most 200,000 characters")]
# No space at either end: MySQL's PAD SPACE collation would make "cat" and "cat " one word
# while PostgreSQL keeps two, so neither is accepted. 448 characters is MySQL's key column.
WORD_PATTERN = anchored(r"[^\x00\ud800-\udfff\s](?:[^\x00\ud800-\udfff]*[^\x00\ud800-\udfff\s])?")
Word = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=448,
        pattern=WORD_PATTERN,
        description="1 to 448 characters, no space at either end",
    ),
]
Language = Literal["zh", "en"]
GrammarUri = Annotated[
    str,
    Meta(
        min_length=1,
        max_length=512,
        pattern=anchored(r"[^\x00\ud800-\udfff\s]+"),
        description="1 to 512 characters, no spaces",
    ),
]
CardType = Annotated[Text, Meta(min_length=1, max_length=100)]
Role = Literal["user", "assistant"]
Interest = Annotated[Text, Meta(min_length=1, max_length=200)]
MentalAge = Annotated[float, Meta(ge=0, le=30, description="years, 0 to 30")]
Changer = Literal["user", "admin", "migration", "system"]
Action = Literal["INSERT", "UPDATE", "DELETE"]
PROFILE_JSON = ("interests", "character_roster", "extracted_data")
PROFILE_TEXTS = ("raw_input",)


def moment_fits(struct: Struct, *names: str) -> None:
    """A timestamp both engines store, in UTC (no offset means UTC)."""
    for name in names:
        value = getattr(struct, name)
        if isinstance(value, datetime):
            moment = storable_moment(value)
            if moment is None:
                raise field_rule(name, "is outside the years 1000 to 9999")
            setattr(struct, name, moment)


# -- profiles ---------------------------------------------------------------------------------


class ProfileFields(Struct, forbid_unknown_fields=True, kw_only=True):
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


class ProfileCreate(ProfileFields, kw_only=True):
    id: ProfileId | UnsetType = UNSET
    name: Name

    def __post_init__(self) -> None:
        text_fits(self, *PROFILE_TEXTS, most=800_000)
        json_fits(self, *PROFILE_JSON)


class ProfilePatch(Struct, forbid_unknown_fields=True):
    name: Name | UnsetType = UNSET
    dob: date | None | UnsetType = UNSET
    gender: Line | None | UnsetType = UNSET
    address: Line | None | UnsetType = UNSET
    school: Line | None | UnsetType = UNSET
    neighborhood: Line | None | UnsetType = UNSET
    interests: Annotated[list[Interest], Meta(max_length=200)] | None | UnsetType = UNSET
    character_roster: Annotated[list[Any], Meta(max_length=200)] | None | UnsetType = UNSET
    verbal_fluency: Line | None | UnsetType = UNSET
    passive_language_level: Line | None | UnsetType = UNSET
    mental_age: MentalAge | None | UnsetType = UNSET
    raw_input: LongText | None | UnsetType = UNSET
    extracted_data: dict[str, Any] | None | UnsetType = UNSET

    def __post_init__(self) -> None:
        text_fits(self, *PROFILE_TEXTS, most=800_000)
        json_fits(self, *(n for n in PROFILE_JSON if getattr(self, n) is not UNSET))


class Profile(Struct):
    id: str
    name: str
    dob: Annotated[str | None, Meta(description="YYYY-MM-DD")]
    gender: str | None
    address: str | None
    school: str | None
    neighborhood: str | None
    interests: list[Any] | None
    character_roster: list[Any] | None
    verbal_fluency: str | None
    passive_language_level: str | None
    mental_age: float | None
    raw_input: str | None
    extracted_data: dict[str, Any] | None
    created_at: datetime | None
    updated_at: datetime | None


# -- words, grammar, cards, messages -----------------------------------------------------------


class WordIn(Struct, forbid_unknown_fields=True):
    word: Word
    language: Language


class MasteredWord(Struct):
    id: int
    word: str
    language: str
    added_at: datetime | None


class WordsAdded(Struct):
    """Which words were added now and which the profile had already mastered."""

    added: list[MasteredWord]
    already_mastered: list[MasteredWord]


class GrammarIn(Struct, forbid_unknown_fields=True):
    grammar_uri: GrammarUri


class Grammar(Struct):
    id: int
    grammar_uri: str
    added_at: datetime | None


class GrammarAdded(Struct):
    added: list[Grammar]
    already_mastered: list[Grammar]


class CardIn(Struct, forbid_unknown_fields=True):
    card_type: CardType
    content: dict[str, Any]

    def __post_init__(self) -> None:
        json_fits(self, "content")


class Card(Struct):
    id: int
    card_type: str
    content: dict[str, Any]
    approved_at: datetime | None


class CardsAdded(Struct):
    added: list[Card]


class MessageIn(Struct, forbid_unknown_fields=True):
    role: Role
    content: Annotated[LongText, Meta(min_length=1)]
    timestamp: Annotated[datetime, Meta(description="RFC 3339; default now")] | None = None

    def __post_init__(self) -> None:
        moment_fits(self, "timestamp")


class Message(Struct):
    id: int
    role: str
    content: str
    timestamp: datetime | None


class MessagesAdded(Struct):
    added: list[Message]


class Cleared(Struct):
    deleted: int


# -- the trail --------------------------------------------------------------------------------


class AuditEntry(Struct):
    id: int
    table_name: str
    record_id: str
    action: str
    old_value: Any
    new_value: Any
    changed_at: datetime | None
    changed_by: str | None
