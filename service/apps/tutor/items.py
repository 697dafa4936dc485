"""What hangs off a profile: mastered words and grammar (added if absent), approved cards and
the chat history (appended), each change with its trail row in the same transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from msgspec import Meta

from service.apps.tutor import store
from service.apps.tutor.models import (
    Card,
    CardIn,
    CardsAdded,
    Cleared,
    Grammar,
    GrammarAdded,
    MasteredWord,
    Message,
    MessageIn,
    MessagesAdded,
    WordsAdded,
)
from service.apps.tutor.profiles import changed_by, profile_id
from service.bodies import INT32_MAX, UNSTORABLE
from service.db import Row
from service.errors import Invalid, NotFound
from service.http import bad_query, query_int, query_value
from service.pages import FAR_FUTURE, Keyset, Page, Window, decode_cursor, encode_cursor
from service.routing import Call

# A cursor's id part: a SERIAL id, or 0 before the first row of an oldest-first list.
RowId = Annotated[int, Meta(ge=0, le=INT32_MAX)]
WORDS = Keyset("added_at", id_kind=RowId, first_id=INT32_MAX)
GRAMMAR = Keyset("added_at", id_kind=RowId, first_id=INT32_MAX)
CARDS = Keyset("approved_at", id_kind=RowId, first_id=INT32_MAX)
FAR_PAST = datetime(1000, 1, 1, tzinfo=FAR_FUTURE.tzinfo)


def _many(body: Any) -> list[Any]:
    items = body if isinstance(body, list) else [body]
    if not items:
        raise Invalid("give one item or a non-empty list of items")
    return items


def _row_id(call: Call, name: str, noun: str) -> int:
    text = call.path(name)
    if not text.isascii() or not text.isdigit() or not 0 < int(text) <= INT32_MAX:
        raise NotFound(f"no {noun} with that id")
    return int(text)


async def _in_profile(call: Call, work: Any) -> Any:
    """Run `work(tx, profile, changed_by)` with the profile locked; 404 when there is none."""
    profile, by = profile_id(call), changed_by(call)

    async def run(tx: Any) -> Any:
        if not await store.locked(tx, profile):
            raise NotFound("no profile with that id")
        return await work(tx, profile, by)

    return await call.db.atomic(run)


# -- words ------------------------------------------------------------------------------------


def _word(row: Row) -> MasteredWord:
    return MasteredWord(row["id"], row["word"], row["language"], row["added_at"])


async def list_words(call: Call) -> Page[MasteredWord]:
    profile = profile_id(call)
    language = call.request.query_params.get("language") or None
    if language not in (None, "zh", "en"):
        raise bad_query("language", "must be zh or en", f", not {language!r}")
    window = WORDS.window(call.request)
    rows = await call.db.q.list_words(profile_id=profile, language=language, **window.params)
    return WORDS.page(rows, window, _word)


async def add_words(call: Call) -> WordsAdded:
    # Sorted, so two requests with the same words in another order lock them alike.
    words = sorted({(w.word, w.language): None for w in _many(call.body)})
    added, present = await _in_profile(
        call, lambda tx, p, by: store.add_words(tx, p, [(w, lang, None) for w, lang in words], by)
    )
    return WordsAdded([_word(r) for r in added], [_word(r) for r in present])


async def delete_word(call: Call) -> None:
    await _delete(call, "word", "word_id")


# -- grammar ----------------------------------------------------------------------------------


def _grammar(row: Row) -> Grammar:
    return Grammar(row["id"], row["grammar_uri"], row["added_at"])


async def list_grammar(call: Call) -> Page[Grammar]:
    profile = profile_id(call)
    window = GRAMMAR.window(call.request)
    rows = await call.db.q.list_grammar(profile_id=profile, **window.params)
    return GRAMMAR.page(rows, window, _grammar)


async def add_grammar(call: Call) -> GrammarAdded:
    uris = sorted({g.grammar_uri for g in _many(call.body)})
    added, present = await _in_profile(
        call, lambda tx, p, by: store.add_grammar(tx, p, [(u, None) for u in uris], by)
    )
    return GrammarAdded([_grammar(r) for r in added], [_grammar(r) for r in present])


async def delete_grammar(call: Call) -> None:
    await _delete(call, "grammar", "grammar_id")


# -- cards ------------------------------------------------------------------------------------


def _card(row: Row) -> Card:
    return Card(row["id"], row["card_type"], row["content"], row["approved_at"])


async def list_cards(call: Call) -> Page[Card]:
    profile = profile_id(call)
    card_type = query_value(call.request, "card_type", str)
    if card_type is not None and (UNSTORABLE.search(card_type) or len(card_type) > 100):
        raise bad_query("card_type", "is not a card type (1 to 100 characters, no U+0000)")
    window = CARDS.window(call.request)
    rows = await call.db.q.list_cards(profile_id=profile, card_type=card_type, **window.params)
    return CARDS.page(rows, window, lambda r: _card(store.card_row(r)))


async def add_cards(call: Call) -> CardsAdded:
    cards: list[CardIn] = _many(call.body)

    async def work(tx: Any, profile: str, by: str) -> list[Row]:
        return [await store.add_card(tx, profile, c.card_type, c.content, None, by) for c in cards]

    return CardsAdded([_card(r) for r in await _in_profile(call, work)])


async def delete_card(call: Call) -> None:
    await _delete(call, "card", "card_id")


async def _delete(call: Call, noun: str, name: str) -> None:
    row_id = _row_id(call, name, noun)
    deleted = await _in_profile(call, lambda tx, p, by: store.delete_one(tx, noun, p, row_id, by))
    if not deleted:
        raise NotFound(f"no {noun} with that id")


# -- messages ---------------------------------------------------------------------------------


def _message(row: Row) -> Message:
    return Message(row["id"], row["role"], row["content"], row["timestamp"])


def _chronological(call: Call) -> Window:
    """Oldest first: a page holds the rows after the cursor's (timestamp, id)."""
    limit = query_int(call.request, "limit", WORDS.default, 1, WORDS.most)
    text = call.request.query_params.get("cursor")
    after = decode_cursor(text, tuple[datetime, RowId]) if text else (FAR_PAST, 0)
    return Window(limit, {"after_timestamp": after[0], "after_id": after[1], "limit": limit + 1})


async def list_messages(call: Call) -> Page[Message]:
    profile = profile_id(call)
    window = _chronological(call)
    rows = await call.db.q.list_messages(profile_id=profile, **window.params)
    items = [_message(r) for r in rows[: window.limit]]
    if len(rows) <= window.limit:
        return Page(items, None)
    last = rows[window.limit - 1]
    return Page(items, encode_cursor(last["timestamp"], last["id"]))


async def add_messages(call: Call) -> MessagesAdded:
    messages: list[MessageIn] = _many(call.body)

    async def work(tx: Any, profile: str, by: str) -> list[Row]:
        return [
            await store.add_message(tx, profile, m.role, m.content, m.timestamp, by)
            for m in messages
        ]

    return MessagesAdded([_message(r) for r in await _in_profile(call, work)])


async def clear_messages(call: Call) -> Cleared:
    return Cleared(await _in_profile(call, store.clear_messages))
