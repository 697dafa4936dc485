"""Deadlines without a timer each (service/deadlines.py): they fire, once, as TimeoutError; a
cancellation from elsewhere stays one; the clock can restart or stop; nothing runs when idle."""

from __future__ import annotations

import asyncio
import time

import pytest

from service import deadlines
from service.deadlines import Deadline


async def test_a_block_past_its_deadline_raises_timeout_error_and_leaves_no_cancel_behind() -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        async with Deadline(0.05):
            await asyncio.sleep(5)
    took = time.monotonic() - started
    assert 0.05 <= took < 0.05 + deadlines.TICK + 0.5
    task = asyncio.current_task()
    assert task is not None and task.cancelling() == 0
    await asyncio.sleep(0)  # no cancellation left pending on the task


async def test_a_block_that_ends_in_time_is_untouched() -> None:
    async with Deadline(5) as deadline:
        await asyncio.sleep(0.01)
    assert not deadline.expired
    await asyncio.sleep(deadlines.TICK * 2)  # the sweeper, if still there, finds nothing


async def test_a_cancellation_from_elsewhere_stays_a_cancellation() -> None:
    async def guarded() -> None:
        async with Deadline(5):
            await asyncio.sleep(5)

    task = asyncio.create_task(guarded())
    await asyncio.sleep(0.01)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_both_at_once_is_a_cancellation() -> None:
    # The deadline passed and someone else cancelled too: the outer cancel must not be lost.
    async def guarded() -> None:
        async with Deadline(0.01):
            try:
                await asyncio.sleep(5)
            finally:
                await asyncio.sleep(0.05)  # keep the block open while both cancels arrive

    task = asyncio.create_task(guarded())
    await asyncio.sleep(0.01 + deadlines.TICK * 2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


async def test_extend_restarts_the_clock_and_stop_removes_it() -> None:
    async with Deadline(0.08) as deadline:
        for _ in range(4):  # 0.2 s in all, never 0.08 s without an extend
            await asyncio.sleep(0.05)
            deadline.extend()
        deadline.stop()
        await asyncio.sleep(0.15)
    assert not deadline.expired


async def test_many_deadlines_fire_each_once_and_the_sweeper_stops_when_idle() -> None:
    outcomes: list[str] = []

    async def one(seconds: float) -> None:
        try:
            async with Deadline(seconds):
                await asyncio.sleep(0.1)
            outcomes.append("done")
        except TimeoutError:
            outcomes.append("timeout")

    await asyncio.gather(*(one(0.02 if n % 2 else 5) for n in range(200)))
    assert outcomes.count("timeout") == outcomes.count("done") == 100
    await asyncio.sleep(deadlines.TICK * 3)
    board = deadlines._boards[asyncio.get_running_loop()]
    assert not board.pending and board.sweeper is None
