"""Password hashing for apps with password accounts: argon2id, always off the event loop."""

from __future__ import annotations

import asyncio
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 10
# argon2 hashes any length, but a megabyte password is a cheap way to burn a worker's CPU.
MAX_LENGTH = 128
MIN_DISTINCT = 5
# OWASP's argon2id floor (19 MiB, 2 passes, 1 lane): about 20 ms a hash on one core, so a
# login costs the server little and an offline guess still costs an attacker the same.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
_COMMON = frozenset(
    {
        "password123",
        "password1234",
        "1234567890",
        "qwertyuiop",
        "qwerty12345",
        "iloveyou123",
        "letmein1234",
        "administrator",
        "passw0rd123",
        "welcome1234",
    }
)


def weakness(password: str, *personal: str | None) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"must be at least {MIN_LENGTH} characters"
    if len(password) > MAX_LENGTH:
        return f"must be at most {MAX_LENGTH} characters"
    if len(set(password)) < MIN_DISTINCT:
        return f"must use at least {MIN_DISTINCT} different characters"
    lowered = password.lower()
    if lowered in _COMMON:
        return "is one of the most common passwords"
    if any(p and len(p) >= 4 and p.lower() in lowered for p in personal):
        return "must not contain the account's email or username"
    return None


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_HASHER.hash, password)


def _verify(stored: str, password: str) -> tuple[bool, bool]:
    try:
        _HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False, False
    return True, _HASHER.check_needs_rehash(stored)


async def verify_password(stored: str | None, password: str) -> tuple[bool, bool]:
    """(matches, needs_rehash). With no stored hash (unknown account) a dummy hash is checked,
    so an unknown account answers in the same time as a wrong password."""
    if len(password) > MAX_LENGTH:
        # No stored password is this long; cut it so the check below costs the usual time.
        password, stored = password[:MAX_LENGTH], None
    if stored is None:
        await asyncio.to_thread(_verify_dummy, password)
        return False, False
    return await asyncio.to_thread(_verify, stored, password)


@cache
def _dummy() -> str:
    return _HASHER.hash("no account has this password: it only spends the time a check takes")


def _verify_dummy(password: str) -> None:
    _verify(_dummy(), password)
