"""Reviews: one per user per scenario; the scenario's rating_avg and rating_count recomputed by
the database in each review's transaction, after the scenario row is locked."""

from __future__ import annotations

import msgspec

from service.apps.edu.access import (
    bump_reputation,
    lock_scenario,
    path_int,
    user_of,
    viewer,
)
from service.apps.edu.models import Review, ReviewCreate, ReviewPatch
from service.bodies import changes
from service.db import Row, Runner
from service.errors import Forbidden, NotFound
from service.pages import Keyset, Page, encode_cursor
from service.routing import Call, found

NEWEST = Keyset("created_at", id_kind=int, first_id=2**31 - 1)


async def list_reviews(call: Call) -> Page[Review]:
    scenario_id = path_int(call, "id", "scenario")
    found(await call.db.q.get_scenario(id=scenario_id, **viewer(call).params), "scenario")
    window = NEWEST.window(call.request)
    rows = await call.db.q.list_reviews(scenario_id=scenario_id, **window.params)
    page = NEWEST.page(rows, window, lambda r: Review(**r))
    if page.next_cursor is not None:
        # Keyset.page writes ids as text; this list's ids are integers.
        last = page.items[-1]
        page.next_cursor = encode_cursor(last.created_at, last.id)
    return page


async def create_review(call: Call) -> Review:
    body: ReviewCreate = call.body
    scenario_id, who = path_int(call, "id", "scenario"), viewer(call)
    reviewer = user_of(who)

    async def work(tx: Runner) -> Row:
        row = await lock_scenario(tx, who, scenario_id, edit=False)
        if not row["acting"].active:
            raise Forbidden("the account is deactivated")
        made: Row = await tx.q.insert_review(
            scenario_id=scenario_id, reviewer_id=reviewer, **_fields(body)
        )
        await tx.q.refresh_rating(id=scenario_id)
        await bump_reputation(tx, {row["created_by"]: body.rating})
        return made

    return Review(**await call.db.atomic(work))


def _fields(body: ReviewCreate) -> dict[str, object]:
    return msgspec.structs.asdict(body)


async def _owner(call: Call) -> tuple[int, int]:
    """A review and its scenario, looked up before the transaction (see parts.py)."""
    review_id = path_int(call, "id", "review")
    owner = await call.db.q.get_review_owner(id=review_id)
    if owner is None:
        raise NotFound("no review with that id")
    return review_id, owner["scenario_id"]


async def _lock_review(
    tx: Runner, call: Call, review_id: int, scenario_id: int, *, own: bool = True
) -> tuple[Row, Row]:
    """Locks the review's scenario, then the review; with `own`, only the review's author (or
    an admin) goes on. The scenario's lock row and the review, as they are under the locks."""
    who = viewer(call)
    scenario = await lock_scenario(tx, who, scenario_id, edit=False)
    review: Row | None = await tx.q.lock_review(id=review_id)
    if review is None or review["scenario_id"] != scenario_id:
        raise NotFound("no review with that id")
    if own and review["reviewer_id"] != who.id and not scenario["acting"].is_admin:
        raise Forbidden("only the review's author or an admin may change it")
    return scenario, review


async def update_review(call: Call) -> Review:
    body: ReviewPatch = call.body
    params = changes(body)
    review_id, scenario_id = await _owner(call)

    async def work(tx: Runner) -> Row:
        scenario, review = await _lock_review(tx, call, review_id, scenario_id)
        updated: Row = found(await tx.q.update_review(id=review_id, **params), "review")
        await tx.q.refresh_rating(id=scenario_id)
        if body.rating is not msgspec.UNSET:
            await bump_reputation(tx, {scenario["created_by"]: body.rating - review["rating"]})
        return updated

    return Review(**await call.db.atomic(work))


async def delete_review(call: Call) -> None:
    review_id, scenario_id = await _owner(call)

    async def work(tx: Runner) -> None:
        scenario, review = await _lock_review(tx, call, review_id, scenario_id)
        await tx.q.delete_review(id=review_id)
        await tx.q.refresh_rating(id=scenario_id)
        taken: dict[int | None, float] = {scenario["created_by"]: -review["rating"]}
        author = review["reviewer_id"]
        taken[author] = taken.get(author, 0) - (review["helpful_count"] or 0)
        await bump_reputation(tx, taken)

    await call.db.atomic(work)


async def mark_helpful(call: Call) -> Review:
    """One more helpful vote from someone other than the author (each call counts one)."""
    voter = user_of(viewer(call))
    review_id, scenario_id = await _owner(call)

    async def work(tx: Runner) -> None:
        scenario, review = await _lock_review(tx, call, review_id, scenario_id, own=False)
        if not scenario["acting"].active:
            raise Forbidden("the account is deactivated")
        if not await tx.q.mark_helpful(id=review_id, viewer=voter):
            raise Forbidden("a review's author cannot mark it helpful")
        await bump_reputation(tx, {review["reviewer_id"]: 1})

    await call.db.atomic(work)
    return Review(**found(await call.db.q.get_review(id=review_id), "review"))
