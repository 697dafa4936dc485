"""Status lifecycles as data: which transitions are legal, applied by one conditional UPDATE.

A transition's query takes `:from_1`, `:from_2`, `:from_3` (the states it may leave, padded by
repeating the first) and `:to`, and writes `... WHERE id = :id AND status IN (:from_1, :from_2,
:from_3)`; it answers the moved row (a `^` write: RETURNING, or its read-back) or a row count.
The database decides: of two concurrent requests only one changes the row, and the loser learns
the state it found (409 naming it), never a lost update.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from service.errors import Conflict, NotFound

SLOTS = 3


@dataclass(frozen=True)
class Lifecycle:
    """`transitions` maps an action to (the states it may leave, the state it enters)."""

    noun: str
    transitions: Mapping[str, tuple[tuple[str, ...], str]]

    def __post_init__(self) -> None:
        for action, (sources, _) in self.transitions.items():
            if not 1 <= len(sources) <= SLOTS:
                raise ValueError(f"{self.noun}.{action}: 1 to {SLOTS} source states")

    def params(self, action: str) -> dict[str, str]:
        sources, target = self.transitions[action]
        padded = (*sources, *(sources[0],) * (SLOTS - len(sources)))
        return {f"from_{i + 1}": state for i, state in enumerate(padded)} | {"to": target}

    def refused(self, action: str, current: str) -> Conflict:
        sources, _ = self.transitions[action]
        return Conflict(
            f"the {self.noun} is {current}; {action} needs it {' or '.join(sources)}",
        )

    async def move(
        self,
        action: str,
        update: Callable[..., Awaitable[int]],
        current: Callable[[], Awaitable[Any]],
        **params: Any,
    ) -> Any:
        """Run `update` with the transition's states and answer what it answers (the moved row);
        when it moved none, 404 if `current` finds no row (or another user's), else 409 naming
        the state the row is in."""
        moved = await update(**params, **self.params(action))
        if moved:
            return moved
        state = await current()
        if state is None:
            raise NotFound(f"no {self.noun} with that id")
        raise self.refused(action, str(state))
