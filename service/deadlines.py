"""Deadlines for waits that almost never run out (a request's, a queued pool wait's), without an
event-loop timer each.

asyncio.timeout arms and disarms a timer per use, about 4 us under uvloop; a request used two,
a twentieth of a simple read's CPU (README, Performance). Here a deadline is an entry in a set
that one sweeper task per event loop looks through every TICK seconds while any entry is there,
and the sweeper cancels the task of each entry whose time has passed. Leaving the block turns
that cancellation into TimeoutError by asyncio.timeout's own rule (`uncancel`), so a
cancellation that came from elsewhere stays a cancellation. A deadline fires up to TICK late.
"""

from __future__ import annotations

import asyncio
import weakref
from types import TracebackType

TICK = 0.02  # seconds a deadline may fire late


class _Board:
    """One event loop's pending deadlines and the sweeper that runs while there are any."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.pending: set[Deadline] = set()
        self.sweeper: asyncio.Task[None] | None = None

    def add(self, deadline: Deadline) -> None:
        self.pending.add(deadline)
        if self.sweeper is None:
            self.sweeper = self.loop.create_task(self._sweep())

    async def _sweep(self) -> None:
        try:
            while self.pending:
                await asyncio.sleep(TICK)
                now = self.loop.time()
                for deadline in [d for d in self.pending if d.when <= now]:
                    self.pending.discard(deadline)
                    deadline.expired = True
                    deadline.task.cancel()
        finally:
            self.sweeper = None


_boards: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Board] = weakref.WeakKeyDictionary()


class Deadline:
    """`async with Deadline(seconds):` raises TimeoutError when the block runs past `seconds`.
    `extend()` starts the clock again, `stop()` lets the block run on without a limit."""

    __slots__ = ("seconds", "when", "task", "expired", "_board", "_cancelling")

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = False

    async def __aenter__(self) -> Deadline:
        loop = asyncio.get_running_loop()
        task = asyncio.current_task()
        if task is None:
            raise RuntimeError("a Deadline must be used inside a task")
        board = _boards.get(loop)
        if board is None:
            board = _boards[loop] = _Board(loop)
        self.task, self._board, self._cancelling = task, board, task.cancelling()
        self.when = loop.time() + self.seconds
        board.add(self)
        return self

    def extend(self) -> None:
        self.when = self._board.loop.time() + self.seconds

    def stop(self) -> None:
        self._board.pending.discard(self)

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._board.pending.discard(self)
        # The sweeper's cancel is consumed whether or not the block saw it (it may have ended
        # first); only a CancelledError that was this deadline's alone becomes TimeoutError.
        if self.expired and self.task.uncancel() <= self._cancelling:
            if kind is asyncio.CancelledError:
                raise TimeoutError from exc
