"""Routes of the tutor app, mounted at /tutor (seed 001): profiles and what hangs off them, and
the audit trail of every change."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from service.apps.tutor import items, profiles, trail
from service.apps.tutor.models import (
    AuditEntry,
    Card,
    CardIn,
    CardsAdded,
    Cleared,
    Grammar,
    GrammarAdded,
    GrammarIn,
    MasteredWord,
    Message,
    MessageIn,
    MessagesAdded,
    Profile,
    ProfileCreate,
    ProfilePatch,
    WordIn,
    WordsAdded,
)
from service.errors import FieldError
from service.pages import Page
from service.routing import AppSpec, Call, Endpoint, Param

Handler = Callable[[Call], Awaitable[Any]]

PAGE = (
    Param("limit", int, "page size, 1 to 200 (default 50)"),
    Param("cursor", str, "next_cursor of the previous page"),
)
TRAIL = (
    *PAGE,
    Param("table", str, "only changes of this table (profiles, mastered_words, ...)"),
    Param("record_id", str, "only changes of this row id"),
    Param("action", str, "INSERT, UPDATE or DELETE"),
    Param("changed_by", str, "user, admin, migration or system"),
    Param("since", str, "changes at or after this moment (RFC 3339; no offset means UTC)"),
    Param("until", str, "changes before this moment"),
)
WRITE_ERRORS = (400, 401, 403, 404, 409, 422)
ITEM_ERRORS = (400, 401, 404, 422)
P = "/api/profiles/{id}"


def _child(
    noun: str, path: str, body: Any, added: Any, add: Handler, delete: Handler
) -> tuple[Endpoint, ...]:
    """Adding to and removing from one of a profile's lists."""
    return (
        Endpoint(
            "POST",
            f"{P}/{path}",
            add,
            f"Add one {noun} or a list; says which were added",
            body=body | list[body],
            response=added,
            errors=ITEM_ERRORS,
            idempotent=True,
        ),
        Endpoint(
            "DELETE",
            f"{P}/{path}/{{{noun}_id}}",
            delete,
            f"Remove one {noun} (kept in the trail)",
            status=204,
            errors=ITEM_ERRORS,
        ),
    )


APP = AppSpec(
    name="tutor",
    json_columns=frozenset(
        {
            "interests",
            "character_roster",
            "extracted_data",
            "card_content",
            "old_value",
            "new_value",
        }
    ),
    constraints={
        "profiles_pkey": FieldError(path="$.id", message="is already used by another profile"),
    },
    endpoints=(
        Endpoint(
            "POST",
            "/api/profiles",
            profiles.create_profile,
            "Create a profile (the id is generated unless given)",
            body=ProfileCreate,
            response=Profile,
            status=201,
            access="admin",
            errors=WRITE_ERRORS,
            idempotent=True,
        ),
        Endpoint(
            "GET",
            "/api/profiles",
            profiles.list_profiles,
            "Every profile, newest first",
            response=Page[Profile],
            access="admin",
            query=PAGE,
        ),
        Endpoint(
            "GET",
            P,
            profiles.get_profile,
            "One profile",
            response=Profile,
            lock=profiles.lock_profile,
        ),
        Endpoint(
            "PATCH",
            P,
            profiles.update_profile,
            "Change a profile: fields sent are set (null clears), others kept",
            body=ProfilePatch,
            response=Profile,
            errors=WRITE_ERRORS,
        ),
        Endpoint(
            "DELETE",
            P,
            profiles.delete_profile,
            "Delete a profile and everything under it (each row kept in the trail)",
            status=204,
        ),
        Endpoint(
            "GET",
            f"{P}/words",
            items.list_words,
            "The profile's mastered words, newest first",
            response=Page[MasteredWord],
            query=(*PAGE, Param("language", str, "zh or en (default both)")),
        ),
        *_child("word", "words", WordIn, WordsAdded, items.add_words, items.delete_word),
        Endpoint(
            "GET",
            f"{P}/grammar",
            items.list_grammar,
            "The profile's mastered grammar points, newest first",
            response=Page[Grammar],
            query=PAGE,
        ),
        *_child(
            "grammar", "grammar", GrammarIn, GrammarAdded, items.add_grammar, items.delete_grammar
        ),
        Endpoint(
            "GET",
            f"{P}/cards",
            items.list_cards,
            "The profile's approved cards, newest first",
            response=Page[Card],
            query=(*PAGE, Param("card_type", str, "only cards of this type")),
        ),
        *_child("card", "cards", CardIn, CardsAdded, items.add_cards, items.delete_card),
        Endpoint(
            "GET",
            f"{P}/messages",
            items.list_messages,
            "The profile's chat history, oldest first",
            response=Page[Message],
            query=PAGE,
        ),
        Endpoint(
            "POST",
            f"{P}/messages",
            items.add_messages,
            "Append one message or a list, in order",
            body=MessageIn | list[MessageIn],
            response=MessagesAdded,
            errors=ITEM_ERRORS,
            idempotent=True,
        ),
        Endpoint(
            "DELETE",
            f"{P}/messages",
            items.clear_messages,
            "Clear the chat history (each message kept in the trail)",
            response=Cleared,
        ),
        Endpoint(
            "GET",
            f"{P}/audit",
            trail.list_profile_audit,
            "The trail of this profile and everything under it, newest first",
            response=Page[AuditEntry],
            query=TRAIL,
        ),
        Endpoint(
            "GET",
            "/api/audit",
            trail.list_audit,
            "The whole trail, newest first",
            response=Page[AuditEntry],
            access="admin",
            query=TRAIL,
        ),
    ),
)
