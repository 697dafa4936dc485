"""Who is calling the edu app and what they may do: the token names the user, the database
holds the role (read per request, in the statement that locks the row where there is one)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from service.db import Row, Runner
from service.errors import Forbidden, NotFound, Unauthorized
from service.routing import Call

INT32 = 2**31 - 1
PUBLISHERS = ("teacher", "admin")


@dataclass(frozen=True)
class Viewer:
    """The caller: a user id, or None with `token_admin` for the service's admin token."""

    id: int | None
    token_admin: bool

    @property
    def params(self) -> dict[str, Any]:
        return {"viewer": self.id, "admin": self.token_admin}


def viewer(call: Call) -> Viewer:
    if call.principal.is_admin:
        return Viewer(None, True)
    try:
        user_id = int(call.principal.subject)
    except ValueError:
        raise Unauthorized("the token's subject is not an edu user id") from None
    if not 1 <= user_id <= INT32:
        raise Unauthorized("the token's subject is not an edu user id")
    return Viewer(user_id, False)


def user_of(who: Viewer) -> int:
    """The caller's user id, for what only a user (not the admin token) can own."""
    if who.id is None:
        raise Forbidden("an admin token is not an edu user; use a user's token for this")
    return who.id


def path_int(call: Call, name: str, noun: str) -> int:
    """An id in the path; one that no SERIAL column can hold is simply not found."""
    text = call.path(name)
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= INT32:
        raise NotFound(f"no {noun} with that id")
    return int(text)


@dataclass(frozen=True)
class Acting:
    """The caller as the database sees them now: role and whether the account is active."""

    viewer: Viewer
    role: str | None
    active: bool

    @property
    def is_admin(self) -> bool:
        return self.viewer.token_admin or (self.active and self.role == "admin")

    @property
    def publishes(self) -> bool:
        return self.viewer.token_admin or (self.active and self.role in PUBLISHERS)


def acting(who: Viewer, role: Any, active: Any) -> Acting:
    if who.id is not None and role is None:
        raise Unauthorized("the token's user no longer exists")
    return Acting(who, role, bool(active) if active is not None else True)


async def load(tx: Runner, who: Viewer) -> Acting:
    """The caller's role, for a write that locks no scenario row to read it with."""
    if who.id is None:
        return Acting(who, "admin", True)
    row = await tx.q.get_viewer(id=who.id)
    return acting(who, row and row["role"], row and row["is_active"])


def sees(row: Row, who: Acting) -> bool:
    return bool(row["is_public"]) or who.is_admin or _owns(row, who)


def _owns(row: Row, who: Acting) -> bool:
    return who.viewer.id is not None and row["created_by"] == who.viewer.id


async def lock_scenario(tx: Runner, who: Viewer, scenario_id: int, *, edit: bool = True) -> Row:
    """Locks a scenario for a write in this transaction and settles the caller's right to it:
    404 when they may not see it, 403 when they see but may not change it."""
    row: Row | None = await tx.q.lock_scenario(id=scenario_id, viewer=who.id)
    if row is None:
        raise NotFound("no scenario with that id")
    now = acting(who, row["viewer_role"], row["viewer_active"])
    if not sees(row, now):
        raise NotFound("no scenario with that id")
    if edit and not (now.is_admin or _owns(row, now)):
        raise Forbidden("only the scenario's creator or an admin may change it")
    if edit and not now.active:
        raise Forbidden("the account is deactivated")
    row["acting"] = now
    return row


async def bump_published(tx: Runner, user_id: int | None, delta: int) -> None:
    if user_id is not None and delta:
        await tx.q.bump_published_scenarios(id=user_id, delta=delta)


async def bump_reputation(tx: Runner, changes: dict[int | None, float]) -> None:
    """Moves several users' reputation_score, in id order (no lock-order cycles)."""
    for user_id in sorted(u for u, delta in changes.items() if u is not None and delta):
        await tx.q.bump_reputation(id=user_id, delta=changes[user_id])
