"""Accounts of the edu app: sign-up and password login (argon2id through service.passwords),
which returns a service JWT for `edu` whose subject is the user's id; profiles; what only an
admin changes."""

from __future__ import annotations

from functools import cache

import msgspec

from service.apps import REGISTRY
from service.apps.edu.access import load, path_int, viewer
from service.apps.edu.models import Login, Manage, SignUp, Token, User
from service.auth import DEFAULT_TTL, Tokens
from service.bodies import changes
from service.config import Settings
from service.db import Row, Runner
from service.errors import FieldError, Forbidden, Invalid, NotFound, Unauthorized
from service.passwords import hash_password, verify_password, weakness
from service.routing import Call, found

WRONG = "the login or the password is wrong"


@cache
def _tokens(secret: str) -> Tokens:
    return Tokens(secret, list(REGISTRY))


def _issuer(call: Call) -> Tokens:
    settings: Settings = call.request.app.state.settings
    return _tokens(settings.secret())


def _shown(row: Row, *, full: bool) -> User:
    """A profile as the caller may see it: the email only to its owner, an admin, or anyone
    when the user allows contact."""
    user = User(**row)
    if not full and not row["allow_contact"]:
        user.email = None
    return user


async def sign_up(call: Call) -> User:
    body: SignUp = call.body
    why = weakness(body.password, body.email, body.username)
    if why is not None:
        raise Invalid(f"$.password {why}", errors=[FieldError(path="$.password", message=why)])
    params = msgspec.structs.asdict(body)
    params["password_hash"] = await hash_password(params.pop("password"))

    return User(**await call.db.q.insert_user(**params))


async def login(call: Call) -> Token:
    body: Login = call.body
    row = await call.db.q.get_login(login=body.login)
    matches, stale = await verify_password(row and row["password_hash"], body.password)
    if row is None or not matches:
        raise Unauthorized(WRONG)
    if not row["is_active"]:
        raise Forbidden("the account is deactivated; an admin can reactivate it")
    if stale:
        await call.db.q.set_password_hash(
            id=row["id"], password_hash=await hash_password(body.password)
        )
    token = _issuer(call).issue(role="user", app="edu", subject=str(row["id"]))
    return Token(access_token=token, token_type="bearer", user_id=row["id"], expires_in=DEFAULT_TTL)


def _me(call: Call) -> int:
    who = viewer(call)
    if who.id is None:
        raise NotFound("an admin token is not an edu user; use a user's token")
    return who.id


async def lock_me(call: Call) -> None:
    """For If-Match on PATCH /users/me (service/etags.py): the profile stays as read."""
    await call.db.q.lock_user(id=_me(call))


async def get_me(call: Call) -> User:
    me = _me(call)
    row = await call.db.q.get_user(id=me, viewer=me, admin=False)
    return User(**found(row, "user"))


async def update_me(call: Call) -> User:
    return User(**found(await call.db.q.update_user(id=_me(call), **changes(call.body)), "user"))


async def get_user(call: Call) -> User:
    """A profile: public ones to everyone, private ones to their owner and admins only."""
    user_id, who = path_int(call, "id", "user"), viewer(call)
    row = found(await call.db.q.get_user(id=user_id, **who.params), "user")
    full = who.id == user_id or (await load(call.db, who)).is_admin
    return _shown(row, full=full)


async def manage_user(call: Call) -> User:
    """Role, is_active and is_verified: an admin's (an admin token, or a user whose role is
    admin)."""
    body: Manage = call.body
    user_id, who = path_int(call, "id", "user"), viewer(call)
    if not (await load(call.db, who)).is_admin:
        raise Forbidden("only an admin manages accounts")
    if not await call.db.q.manage_user(id=user_id, **changes(body)):
        raise NotFound("no user with that id")
    return User(**found(await call.db.q.get_user(id=user_id, viewer=None, admin=True), "user"))


async def refresh_stats(call: Call) -> User:
    """Recounts a user's published_scenarios, total_simulations and reputation_score from the
    rows (they are kept true on every change; this repairs rows written outside the service)."""
    user_id, who = path_int(call, "id", "user"), viewer(call)
    if not (await load(call.db, who)).is_admin:
        raise Forbidden("only an admin recounts a user's statistics")

    async def work(tx: Runner) -> None:
        # The user's row first, so each recount sees every commit before it.
        await tx.q.lock_user(id=user_id)
        await tx.q.refresh_published_scenarios(id=user_id)
        await tx.q.refresh_total_simulations(id=user_id)
        await tx.q.refresh_reputation(id=user_id)

    await call.db.atomic(work)
    return User(**found(await call.db.q.get_user(id=user_id, viewer=None, admin=True), "user"))
