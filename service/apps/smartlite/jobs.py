"""Transcriptions and TTS requests (seed 002): users create them, workers claim the oldest
pending one, then complete or fail it; a completion is metered in its own transaction."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct
from msgspec.structs import asdict

from service.apps.smartlite.common import creator, new_id, owner, path_id
from service.apps.smartlite.credentials import is_worker, now
from service.apps.smartlite.models import Id
from service.apps.smartlite.usage import meter
from service.bodies import Text, anchored, json_fits, text_fits, url_or_path
from service.db import Runner
from service.errors import Forbidden, Invalid
from service.http import field_rule, query_value
from service.pages import Keyset, Page
from service.routing import Call, found
from service.states import Lifecycle

Status = Literal["pending", "processing", "completed", "failed"]
Language = Annotated[
    str, Meta(min_length=1, max_length=10, pattern=anchored(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*"))
]
Model = Annotated[Text, Meta(min_length=1, max_length=50)]
Voice = Annotated[Text, Meta(min_length=1, max_length=50)]
UrlOrPath = Annotated[Text, Meta(description="a URL or path of at most 512 characters")]
# DECIMAL(10,2) seconds, at most a week of audio; DECIMAL(5,4) confidence from 0 to 1.
Duration = Annotated[Decimal, Meta(description="seconds, 0 to 604800, 2 decimal places")]
Confidence = Annotated[Decimal, Meta(description="0 to 1, 4 decimal places")]
LONGEST = Decimal(604_800)
Json = dict[str, Any]
CANDIDATES = 32
ROUNDS = 8
NEWEST = Keyset("created_at")
JOB = {
    "claim": (("pending",), "processing"),
    "complete": (("processing",), "completed"),
    "fail": (("pending", "processing"), "failed"),
}


def decimal_fits(struct: Struct, name: str, most: int, high: Decimal) -> None:
    """A DECIMAL column's range and scale: more places would be rounded by the database, so
    they are refused and what goes in is what comes back."""
    value = getattr(struct, name)
    if not isinstance(value, Decimal):
        return
    if not value.is_finite() or not 0 <= value <= high:
        raise field_rule(name, f"must be a number from 0 to {high}")
    if value != value.quantize(Decimal(1).scaleb(-most)):
        raise field_rule(name, f"has more than {most} decimal places")


class TranscriptionCreate(Struct, forbid_unknown_fields=True):
    audio_url: UrlOrPath
    language: Language | None = None
    model: Model | None = None
    metadata: Json | None = None
    user_id: Annotated[Id | None, Meta(description="admin only: whose request")] = None

    def __post_init__(self) -> None:
        url_or_path(self, "audio_url")
        json_fits(self, "metadata")


class TtsCreate(Struct, forbid_unknown_fields=True):
    input_text: Annotated[Text, Meta(min_length=1)]
    voice: Voice | None = None
    language: Language | None = None
    model: Model | None = None
    metadata: Json | None = None
    user_id: Annotated[Id | None, Meta(description="admin only: whose request")] = None

    def __post_init__(self) -> None:
        text_fits(self, "input_text")
        json_fits(self, "metadata")


class TranscriptionDone(Struct, forbid_unknown_fields=True):
    transcript_text: Text
    confidence: Confidence | None = None
    duration: Duration | None = None
    model: Model | None = None

    def __post_init__(self) -> None:
        text_fits(self, "transcript_text")
        decimal_fits(self, "confidence", 4, Decimal(1))
        decimal_fits(self, "duration", 2, LONGEST)


class TtsDone(Struct, forbid_unknown_fields=True):
    audio_url: UrlOrPath
    duration: Duration | None = None
    model: Model | None = None

    def __post_init__(self) -> None:
        url_or_path(self, "audio_url")
        decimal_fits(self, "duration", 2, LONGEST)


class Failure(Struct, forbid_unknown_fields=True):
    error_message: Annotated[Text, Meta(min_length=1)]

    def __post_init__(self) -> None:
        text_fits(self, "error_message")


class Transcription(Struct):
    id: str
    user_id: str
    audio_url: str | None
    transcript_text: str | None
    language: str | None
    status: str
    duration: Decimal | None
    model: str | None
    confidence: Decimal | None
    error_message: str | None
    metadata: Json | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class TtsRequest(Struct):
    id: str
    user_id: str
    input_text: str | None
    audio_url: str | None
    voice: str | None
    language: str | None
    status: str
    duration: Decimal | None
    model: str | None
    error_message: str | None
    metadata: Json | None
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None


class Claimed(Struct):
    """The request a worker now holds, or null when none is pending."""

    item: Any


@dataclass(frozen=True)
class Queue:
    """One kind of request: `name` is its query stem (insert-<name>, claim-<name>, ...)."""

    name: str
    noun: str
    service: Literal["asr", "tts"]
    shape: type[Struct]
    lifecycle: Lifecycle

    def _q(self, runner: Runner, pattern: str) -> Any:
        return getattr(runner.q, pattern.format(self.name))

    async def create(self, call: Call) -> Any:
        params = asdict(call.body)
        params["user_id"] = creator(call, params.pop("user_id"))
        params["id"] = new_id()
        return self.shape(**await self._q(call.db, "insert_{}")(**params))

    async def get(self, call: Call) -> Any:
        row = await self._q(call.db, "get_{}")(id=path_id(call, "id", self.noun), owner=owner(call))
        return self.shape(**found(row, self.noun))

    async def list(self, call: Call) -> Page[Any]:
        status = query_value(call.request, "status", Status)  # type: ignore[arg-type]
        user = call.acting_for(query_value(call.request, "user_id", str))
        window = NEWEST.window(call.request)
        if user is not None:
            rows = await self._q(call.db, "list_{}s")(user_id=user, status=status, **window.params)
        elif status is None:
            raise Invalid("an admin lists by status (status=) or for one user (user_id=)")
        else:
            rows = await self._q(call.db, "list_{}s_by_status")(status=status, **window.params)
        return NEWEST.page(rows, window, lambda r: self.shape(**r))

    async def claim(self, call: Call) -> Claimed:
        """The oldest pending request (under contention: one of the oldest CANDIDATES), taken
        by one conditional UPDATE per candidate: of racing workers exactly one wins each row,
        the others try another (no SKIP LOCKED)."""
        _worker(call)
        move = self.lifecycle.params("claim")
        for _ in range(ROUNDS):
            candidates = await self._q(call.db, "list_pending_{}s")(limit=CANDIDATES)
            if not candidates:
                return Claimed(None)
            # The oldest first; a worker that lost it to another tries the rest in its own
            # random order, so racing workers spread out instead of colliding row by row.
            first, rest = candidates[0], candidates[1:]
            random.shuffle(rest)
            for candidate in (first, *rest):
                row = await self._q(call.db, "claim_{}")(id=candidate["id"], **move)
                if row is not None:
                    return Claimed(self.shape(**row))
        return Claimed(None)  # every candidate went to others ROUNDS times: the queue is busy

    async def finish(self, call: Call, action: str, **values: Any) -> Any:
        _worker(call)
        job = path_id(call, "id", self.noun)

        async def work(tx: Runner) -> Any:
            row = await self.lifecycle.move(
                action,
                self._q(tx, action + "_{}"),
                lambda: self._q(tx, "get_{}_status")(id=job, owner=None),
                id=job,
                **values,
            )
            if action == "complete":
                await meter(tx, call.request, row["user_id"], self.service, seconds=row["duration"])
            return row

        return self.shape(**await call.db.atomic(work))


def _worker(call: Call) -> None:
    if not is_worker(call.principal):
        raise Forbidden("only a worker (an admin token or a worker API key) may do this")


TRANSCRIPTIONS = Queue(
    "transcription", "transcription", "asr", Transcription, Lifecycle("transcription", JOB)
)
TTS = Queue("tts_request", "TTS request", "tts", TtsRequest, Lifecycle("TTS request", JOB))


async def complete_transcription(call: Call) -> Transcription:
    body: TranscriptionDone = call.body
    done: Transcription = await TRANSCRIPTIONS.finish(call, "complete", now=now(), **asdict(body))
    return done


async def complete_tts(call: Call) -> TtsRequest:
    body: TtsDone = call.body
    done: TtsRequest = await TTS.finish(call, "complete", now=now(), **asdict(body))
    return done


async def fail_transcription(call: Call) -> Transcription:
    failed: Transcription = await TRANSCRIPTIONS.finish(call, "fail", **asdict(call.body))
    return failed


async def fail_tts(call: Call) -> TtsRequest:
    failed: TtsRequest = await TTS.finish(call, "fail", **asdict(call.body))
    return failed
