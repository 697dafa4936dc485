"""Every change the tutor app makes, each with its trail row, inside the caller's transaction:
the routes and the JSON import share these, so both write the same trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from service.apps.tutor.audit import age, record
from service.db import Row, Runner

PROFILES = "profiles"
WORDS = "mastered_words"
GRAMMAR = "mastered_grammar"
CARDS = "approved_cards"
MESSAGES = "chat_messages"


def profile_row(row: Row) -> Row:
    """A profile as the API and the files show it (mental_age at the precision it keeps)."""
    return row | {"mental_age": age(row["mental_age"])}


def card_row(row: Row) -> Row:
    out = dict(row)
    out["content"] = out.pop("card_content")
    return out


async def locked(tx: Runner, profile_id: str) -> bool:
    """Lock a profile for the rest of the transaction; False when there is none."""
    return await tx.q.lock_profile_id(id=profile_id) is not None


async def create_profile(tx: Runner, params: dict[str, Any], by: str) -> Row:
    await tx.q.insert_profile(**params)
    row = profile_row(await tx.q.get_profile(id=params["id"]))
    await record(tx, PROFILES, row["id"], "INSERT", by, new=row)
    return row


async def update_profile(
    tx: Runner, profile_id: str, changes: dict[str, Any], by: str
) -> Row | None:
    """A partial update (service.bodies.changes, plus created_at / updated_at); None when the
    profile does not exist. The row is locked and read first, so the trail's old value is the
    row this update replaced."""
    old = await tx.q.lock_profile(id=profile_id)
    if old is None:
        return None
    await tx.q.update_profile(id=profile_id, **changes)
    new = profile_row(await tx.q.get_profile(id=profile_id))
    await record(tx, PROFILES, profile_id, "UPDATE", by, old=profile_row(old), new=new)
    return new


async def delete_profile(tx: Runner, profile_id: str, by: str) -> bool:
    """The profile and, by the schema's cascades, everything under it: each of those rows gets
    its own DELETE in the trail first, so the trail shows what went with the profile."""
    old = await tx.q.lock_profile(id=profile_id)
    if old is None:
        return False
    for noun in ("words", "grammar", "cards", "messages"):
        await getattr(tx.q, f"audit_cascade_{noun}")(profile_id=profile_id, changed_by=by)
    await tx.q.delete_profile(id=profile_id)
    await record(tx, PROFILES, profile_id, "DELETE", by, old=profile_row(old))
    return True


async def add_words(
    tx: Runner, profile_id: str, words: Sequence[tuple[str, str, datetime | None]], by: str
) -> tuple[list[Row], list[Row]]:
    """Insert-if-absent on UNIQUE (profile_id, word, language): (added, already there)."""
    added: list[Row] = []
    present: list[Row] = []
    for word, language, added_at in words:
        key = {"profile_id": profile_id, "word": word, "language": language}
        inserted = await tx.q.insert_word_if_absent(**key, added_at=added_at)
        row = await tx.q.get_word(**key)
        if inserted:
            await record(tx, WORDS, row["id"], "INSERT", by, new=row)
            added.append(row)
        else:
            present.append(row)
    return added, present


async def add_grammar(
    tx: Runner, profile_id: str, uris: Sequence[tuple[str, datetime | None]], by: str
) -> tuple[list[Row], list[Row]]:
    added: list[Row] = []
    present: list[Row] = []
    for uri, added_at in uris:
        key = {"profile_id": profile_id, "grammar_uri": uri}
        inserted = await tx.q.insert_grammar_if_absent(**key, added_at=added_at)
        row = await tx.q.get_grammar(**key)
        if inserted:
            await record(tx, GRAMMAR, row["id"], "INSERT", by, new=row)
            added.append(row)
        else:
            present.append(row)
    return added, present


async def add_card(
    tx: Runner,
    profile_id: str,
    card_type: str,
    content: dict[str, Any],
    approved_at: datetime | None,
    by: str,
) -> Row:
    await tx.q.insert_card(
        profile_id=profile_id, card_type=card_type, content=content, approved_at=approved_at
    )
    card_id = await tx.q.last_insert_id()
    row = card_row(await tx.q.get_card(id=card_id, profile_id=profile_id))
    await record(tx, CARDS, card_id, "INSERT", by, new=row)
    return row


async def add_message(
    tx: Runner, profile_id: str, role: str, content: str, timestamp: datetime | None, by: str
) -> Row:
    await tx.q.insert_message(
        profile_id=profile_id, role=role, content=content, timestamp=timestamp
    )
    message_id = await tx.q.last_insert_id()
    row: Row = await tx.q.get_message(id=message_id, profile_id=profile_id)
    await record(tx, MESSAGES, message_id, "INSERT", by, new=row)
    return row


async def delete_one(tx: Runner, noun: str, profile_id: str, row_id: int, by: str) -> bool:
    """One word, grammar point or card of a profile (noun: word, grammar, card)."""
    old = await getattr(tx.q, f"lock_{noun}")(id=row_id, profile_id=profile_id)
    if old is None:
        return False
    await getattr(tx.q, f"delete_{noun}")(id=row_id, profile_id=profile_id)
    table = {"word": WORDS, "grammar": GRAMMAR, "card": CARDS}[noun]
    await record(tx, table, row_id, "DELETE", by, old=card_row(old) if noun == "card" else old)
    return True


async def clear_messages(tx: Runner, profile_id: str, by: str) -> int:
    """The whole chat history, each message kept in the trail as it was."""
    await tx.q.audit_cascade_messages(profile_id=profile_id, changed_by=by)
    deleted: int = await tx.q.delete_messages(profile_id=profile_id)
    return deleted
