"""Accounts, login sessions with rotating refresh tokens, and API keys (seed 002's users,
sessions, refresh_tokens, api_keys)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from service import passwords
from service.apps.smartlite import credentials as cred
from service.apps.smartlite.common import creator, me, new_id, owner, path_id
from service.apps.smartlite.models import (
    ApiKey,
    ApiKeyCreate,
    ApiKeyCreated,
    Login,
    PasswordChange,
    Refresh,
    Register,
    SessionInfo,
    Tokens,
    User,
)
from service.bodies import changes
from service.db import Runner
from service.errors import BadRequest, FieldError, Forbidden, Invalid, NotFound
from service.pages import Keyset, Page
from service.routing import Call, found

NEWEST = Keyset("created_at")
WRONG_LOGIN = "wrong login or password"
_USER_AGENT = 1000


def _weak(password: str, field: str, *personal: str | None) -> None:
    why = passwords.weakness(password, *personal)
    if why is not None:
        path = f"$.{field}"
        raise Invalid(f"{path} {why}", errors=[FieldError(path=path, message=why)])


async def register(call: Call) -> User:
    body: Register = call.body
    _weak(body.password, "password", body.email.split("@")[0], body.username)
    params = {
        "id": new_id(),
        "email": body.email,
        "username": body.username,
        "password_hash": await passwords.hash_password(body.password),
        "first_name": body.first_name,
        "last_name": body.last_name,
        "avatar": body.avatar,
    }
    return User(**await call.db.q.insert_user(**params))


async def _pair(
    tx: Runner, user_id: str, session_id: str, new_session: bool, **where: Any
) -> Tokens:
    """A new access token and refresh token for a session (a new one at login)."""
    moment = cred.now()
    horizon = moment + timedelta(seconds=cred.SESSION_TTL)
    access, access_expires = cred.new_access()
    refresh = cred.new_refresh()
    if new_session:
        await tx.q.insert_session(
            id=session_id, user_id=user_id, token=cred.digest(access), expires_at=horizon, **where
        )
    elif not await tx.q.renew_session(
        id=session_id, token=cred.digest(access), expires_at=horizon, now=moment
    ):
        raise cred.refuse("the session has ended; log in again")
    await tx.q.insert_refresh_token(
        id=new_id(),
        user_id=user_id,
        token=cred.digest(refresh),
        expires_at=horizon,
        session_id=session_id,
    )
    return Tokens(
        access_token=access,
        token_type="Bearer",
        expires_in=cred.ACCESS_TTL,
        refresh_token=refresh,
        refresh_expires_at=horizon,
        session_id=session_id,
        user_id=user_id,
    )


async def login(call: Call) -> Tokens:
    body: Login = call.body
    account = await call.db.q.get_login(login=body.login)
    stored = account["password_hash"] if account else None
    matches, rehash = await passwords.verify_password(stored, body.password)
    if account is None or not matches:
        raise cred.refuse(WRONG_LOGIN)
    if not account["is_active"]:
        raise Forbidden("this account is deactivated")
    new_hash = await passwords.hash_password(body.password) if rehash else None
    client = call.request.client
    agent = call.request.headers.get("user-agent")
    where = {
        "ip_address": client.host[:45] if client else None,
        "user_agent": agent[:_USER_AGENT].replace("\x00", "") if agent else None,
    }
    async with call.db.transaction() as tx:
        tokens = await _pair(tx, account["id"], new_id(), True, **where)
        await tx.q.record_login(
            id=account["id"],
            now=cred.now(),
            password_hash=new_hash,
            verified_hash=account["password_hash"],
        )
    return tokens


async def refresh(call: Call) -> Tokens:
    """Rotation: the token is consumed and a new pair issued. A consumed token presented again
    means two parties hold it: every session of the user ends."""
    body: Refresh = call.body
    hashed = cred.digest(body.refresh_token)

    async def rotate(tx: Runner) -> Tokens | None:
        if not await tx.q.consume_refresh_token(token=hashed, now=cred.now()):
            return None
        token = await tx.q.get_refresh_token(token=hashed)
        if not token["is_active"]:
            raise cred.refuse("the account is deactivated")
        if token["session_id"] is None:
            raise cred.refuse("the session has ended; log in again")
        return await _pair(tx, token["user_id"], token["session_id"], False)

    tokens = await call.db.atomic(rotate)
    if tokens is not None:
        return tokens
    token = await call.db.q.get_refresh_token(token=hashed)
    if token is None:
        raise cred.refuse("unknown refresh token (or its session has ended); log in again")
    if token["used_at"] is not None:
        await _end_sessions(call, token["user_id"], keep="")
        raise cred.refuse(
            "this refresh token was already used: it may have been stolen, so every session"
            " of the account has been ended; log in again"
        )
    raise cred.refuse("the refresh token has expired; log in again")


async def _end_sessions(call: Call, user_id: str, keep: str) -> None:
    async with call.db.transaction() as tx:
        await tx.q.delete_other_sessions(user_id=user_id, keep=keep)
        await tx.q.delete_loose_refresh_tokens(user_id=user_id)


async def logout(call: Call) -> None:
    session = call.principal.session
    if session is None:
        raise BadRequest("logout ends a session: call it with that session's access token")
    await call.db.q.delete_session(id=session, user_id=call.principal.subject)


async def list_sessions(call: Call) -> Page[SessionInfo]:
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_sessions(user_id=me(call), now=cred.now(), **window.params)
    here = call.principal.session
    return NEWEST.page(rows, window, lambda r: SessionInfo(**r, current=r["id"] == here))


async def revoke_session(call: Call) -> None:
    session = path_id(call, "session_id", "session")
    if not await call.db.q.delete_session(id=session, user_id=me(call)):
        raise NotFound("no session with that id")


async def change_password(call: Call) -> None:
    body: PasswordChange = call.body
    user = me(call)
    account = found(await call.db.q.get_user(id=user), "user")
    stored = await call.db.q.get_password_hash(id=user)
    matches, _ = await passwords.verify_password(stored, body.current_password)
    if not matches:
        raise Forbidden("the current password is wrong")
    _weak(body.new_password, "new_password", account["email"].split("@")[0], account["username"])
    new_hash = await passwords.hash_password(body.new_password)
    async with call.db.transaction() as tx:
        await tx.q.update_password_hash(id=user, password_hash=new_hash)
        await tx.q.delete_other_sessions(user_id=user, keep=call.principal.session or "")
        await tx.q.delete_loose_refresh_tokens(user_id=user)


# -- users ------------------------------------------------------------------------------------


async def get_me(call: Call) -> User:
    return User(**found(await call.db.q.get_user(id=me(call)), "user"))


async def lock_me(call: Call) -> None:
    """For If-Match on PATCH /users/me (service/etags.py): the account stays as read."""
    found(await call.db.q.lock_user(id=me(call)), "user")


async def update_me(call: Call) -> User:
    row = await call.db.q.update_user(id=me(call), **changes(call.body))
    return User(**found(row, "user"))


async def list_users(call: Call) -> Page[User]:
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_users(**window.params)
    return NEWEST.page(rows, window, lambda r: User(**r))


async def _set_flag(call: Call, query: str, **flag: bool) -> User:
    row = await getattr(call.db.q, query)(id=path_id(call, "user_id", "user"), **flag)
    return User(**found(row, "user"))


async def deactivate(call: Call) -> User:
    return await _set_flag(call, "set_user_active", is_active=False)


async def activate(call: Call) -> User:
    return await _set_flag(call, "set_user_active", is_active=True)


async def verify(call: Call) -> User:
    return await _set_flag(call, "set_user_verified", is_verified=True)


# -- API keys ---------------------------------------------------------------------------------


async def create_api_key(call: Call) -> ApiKeyCreated:
    body: ApiKeyCreate = call.body
    user = creator(call, body.user_id)
    if body.scope == cred.WORKER and not call.principal.is_admin:
        raise Forbidden("only an admin token may create a worker key")
    key = cred.new_api_key()
    row = await call.db.q.insert_api_key(
        id=new_id(),
        user_id=user,
        name=body.name,
        key=cred.digest(key),
        scope=body.scope,
        expires_at=body.expires_at,
    )
    return ApiKeyCreated(
        id=row["id"],
        user_id=row["user_id"],
        name=row["name"],
        scope=row["scope"],
        key=key,
        expires_at=row["expires_at"],
        created_at=row["created_at"],
    )


async def list_api_keys(call: Call) -> Page[ApiKey]:
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_api_keys(user_id=me(call), **window.params)
    return NEWEST.page(rows, window, lambda r: ApiKey(**r))


async def revoke_api_key(call: Call) -> None:
    key = path_id(call, "key_id", "API key")
    if not await call.db.q.delete_api_key(id=key, owner=owner(call)):
        raise NotFound("no API key with that id")
