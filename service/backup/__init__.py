"""Backup sets of the apps' databases: native dumps with a manifest, verified by restoring."""

from __future__ import annotations

from collections.abc import Callable

Say = Callable[[str], None]


class BackupError(Exception):
    """One line for the operator: what is wrong, what was (not) changed, and what to do."""


def quiet(_: str) -> None:
    """A progress sink that prints nothing (--quiet)."""
