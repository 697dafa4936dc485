"""Scenario files: streamed to the upload directory under a temporary name, registered as a row,
then renamed into place; streamed back; deleted row first, file second. A crash between any two
steps leaves a temporary or unregistered file, which the sweep finishes or removes."""

from __future__ import annotations

import asyncio
import codecs
import mimetypes
import os
import time
import uuid
from pathlib import Path

import anyio
import msgspec
from starlette.requests import ClientDisconnect
from starlette.responses import FileResponse

from service.apps.edu.access import lock_scenario, path_int, viewer
from service.apps.edu.models import ScenarioFile, StatusMove, Swept
from service.bodies import UNSTORABLE
from service.config import Settings
from service.db import Database, Row, Runner
from service.errors import (
    BadRequest,
    FieldError,
    Invalid,
    NotFound,
    PayloadTooLarge,
    UnsupportedMediaType,
)
from service.http import bad_query, query_int, query_value
from service.routing import Call, found
from service.states import Lifecycle

MEDIA = {
    "pdf": {"application/pdf"},
    "image": {"image/png", "image/jpeg", "image/gif", "image/webp"},
    "document": {
        "text/plain",
        "text/markdown",
        "text/csv",
        "application/rtf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    },
}
# What a file of each media type starts with (its magic number); text has none, it must be
# UTF-8 without NUL throughout.
MAGIC = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/gif": (b"GIF87a", b"GIF89a"),
    "application/rtf": (b"{\\rtf",),
    "application/msword": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
}
HEAD = 16  # bytes read before the type is judged
STALE = 3600  # seconds after which a temporary or unregistered file is the sweep's
SWEEP_EVERY = 600.0  # seconds between two sweeps an upload starts, per process
PROCESSING = Lifecycle(
    "file",
    {
        "processing": (("pending",), "processing"),
        "completed": (("processing",), "completed"),
        "failed": (("pending", "processing"), "failed"),
    },
)
_swept: dict[Path, float] = {}


def _settings(call: Call) -> Settings:
    settings: Settings = call.request.app.state.settings
    return settings


def _part(directory: Path, name: str) -> Path:
    return directory / f".{name}.part"


def _kind_matches(media: str, head: bytes) -> bool:
    if media == "image/webp":
        return head[:4] == b"RIFF" and head[8:12] == b"WEBP"
    magic = MAGIC.get(media)
    return True if magic is None else head.startswith(magic)


class _Text:
    """Checks a text upload chunk by chunk: UTF-8 throughout, no NUL."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-8")()

    def feed(self, chunk: bytes, final: bool = False) -> bool:
        try:
            self.decoder.decode(chunk, final)
        except UnicodeDecodeError:
            return False
        return b"\x00" not in chunk


def _query_text(call: Call, name: str) -> str:
    value = query_value(call.request, name, str)
    if value is None:
        raise bad_query(name, "is required")
    return value


def _filename(call: Call) -> str:
    name = _query_text(call, "filename")
    if UNSTORABLE.search(name) or "/" in name or "\\" in name or name in (".", ".."):
        raise bad_query("filename", "must be a plain file name (no path, no U+0000)")
    if len(name) > 255:
        raise bad_query("filename", "must be at most 255 characters")
    return name


def _wrong_content(file_type: str, media: str) -> Invalid:
    message = f"the content is not a {media} file, which file_type {file_type} was declared as"
    return Invalid(message, errors=[FieldError(path="body", message=message)])


async def _receive(call: Call, target: Path, file_type: str, media: str, limit: int) -> int:
    """Streams the request body into `target` (never whole in memory) and checks its type as it
    goes; the size written."""
    size, head = 0, b""
    text = _Text() if media.startswith("text/") else None
    async with await anyio.open_file(target, "xb") as out:
        try:
            async for chunk in call.request.stream():
                size += len(chunk)
                if size > limit:
                    raise PayloadTooLarge(f"the file is over the upload limit of {limit} bytes")
                if len(head) < HEAD:
                    head += chunk[: HEAD - len(head)]
                    if len(head) >= HEAD and not _kind_matches(media, head):
                        raise _wrong_content(file_type, media)
                if text is not None and not text.feed(chunk):
                    raise _wrong_content(file_type, media)
                await out.write(chunk)
        except ClientDisconnect:
            raise BadRequest("the request body ended before it was complete") from None
    if size == 0:
        raise BadRequest("the request body is empty; send the file's bytes as the body")
    if not _kind_matches(media, head) or (text is not None and not text.feed(b"", True)):
        raise _wrong_content(file_type, media)
    return size


async def upload(call: Call) -> ScenarioFile:
    scenario_id, who = path_int(call, "id", "scenario"), viewer(call)
    file_type, filename = _query_text(call, "file_type"), _filename(call)
    if file_type not in MEDIA:
        raise bad_query("file_type", f"must be one of {', '.join(MEDIA)}", f", not {file_type!r}")
    media = call.request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in MEDIA[file_type]:
        raise UnsupportedMediaType(
            f"a {file_type} file is sent as {' or '.join(sorted(MEDIA[file_type]))},"
            f" not {media or '(no Content-Type)'}"
        )
    # Who may add files is settled before a byte is stored.
    await call.db.atomic(lambda tx: lock_scenario(tx, who, scenario_id))
    settings = _settings(call)
    directory = settings.edu_uploads
    await asyncio.to_thread(directory.mkdir, parents=True, exist_ok=True)
    name = uuid.uuid4().hex
    part = _part(directory, name)
    try:
        size = await _receive(call, part, file_type, media, settings.edu_upload_limit)

        async def register(tx: Runner) -> int:
            await lock_scenario(tx, who, scenario_id)
            await tx.q.insert_file(
                scenario_id=scenario_id,
                filename=filename,
                file_type=file_type,
                file_size=size,
                file_path=name,
            )
            file_id: int = await tx.q.last_id()
            return file_id

        file_id = await call.db.atomic(register)
    except BaseException:
        await asyncio.to_thread(part.unlink, True)
        raise
    # The row is committed: a crash before this rename leaves a temporary file the sweep
    # finishes, because a row names it.
    await asyncio.to_thread(_finish, part, directory / name)
    await _sweep_now_and_then(call.db, directory)
    return _shown(found(await call.db.q.get_file(id=file_id), "file"))


def _finish(part: Path, final: Path) -> None:
    try:
        os.replace(part, final)
    except FileNotFoundError:
        if not final.exists():  # a sweep finished it meanwhile, or it is truly gone
            raise


def _shown(row: Row) -> ScenarioFile:
    """A file's row without where it is stored (the upload directory is the service's)."""
    return ScenarioFile(**{k: v for k, v in row.items() if k != "file_path"})


async def _visible_file(call: Call) -> Row:
    file_id, who = path_int(call, "id", "file"), viewer(call)
    row = found(await call.db.q.get_file(id=file_id), "file")
    scenario = await call.db.q.get_scenario(id=row["scenario_id"], **who.params)
    if scenario is None:
        raise NotFound("no file with that id")
    return row  # type: ignore[no-any-return]


async def lock_for_match(call: Call) -> None:
    """For If-Match on DELETE (service/etags.py): the file's scenario, and so the file, stays
    as read."""
    row = found(await call.db.q.get_file(id=path_int(call, "id", "file")), "file")
    await lock_scenario(call.db, viewer(call), row["scenario_id"], edit=False)


async def get_file(call: Call) -> ScenarioFile:
    return _shown(await _visible_file(call))


async def list_files(call: Call) -> list[ScenarioFile]:
    scenario_id = path_int(call, "id", "scenario")
    found(await call.db.q.get_scenario(id=scenario_id, **viewer(call).params), "scenario")
    return [_shown(r) for r in await call.db.q.list_files(scenario_id=scenario_id)]


async def download(call: Call) -> FileResponse:
    """The file's bytes, streamed from disk in chunks."""
    row = await _visible_file(call)
    path = _settings(call).edu_uploads / str(row["file_path"])
    if not await asyncio.to_thread(path.is_file):
        raise NotFound("the file's bytes are not in the upload directory")
    media = mimetypes.guess_type(str(row["filename"]))[0] or "application/octet-stream"
    return FileResponse(path, media_type=media, filename=str(row["filename"]))


async def delete_file(call: Call) -> None:
    file_id, who = path_int(call, "id", "file"), viewer(call)
    row = found(await call.db.q.get_file(id=file_id), "file")

    async def work(tx: Runner) -> None:
        await lock_scenario(tx, who, row["scenario_id"])
        if not await tx.q.delete_file(id=file_id):
            raise NotFound("no file with that id")

    await call.db.atomic(work)
    # After the commit: a crash before the unlink leaves an unregistered file the sweep removes.
    await asyncio.to_thread((_settings(call).edu_uploads / row["file_path"]).unlink, True)


async def move_status(call: Call) -> ScenarioFile:
    """pending -> processing -> completed | failed (or pending -> failed), by whoever may edit
    the scenario; of two concurrent moves one wins, the other gets 409 naming the status."""
    body: StatusMove = call.body
    file_id, who = path_int(call, "id", "file"), viewer(call)
    row = found(await call.db.q.get_file(id=file_id), "file")
    metadata = body.processing_metadata

    async def work(tx: Runner) -> None:
        await lock_scenario(tx, who, row["scenario_id"])
        await PROCESSING.move(
            body.processing_status,
            tx.q.move_file,
            lambda: tx.q.get_file_status(id=file_id),
            id=file_id,
            processing_metadata=None if metadata is msgspec.UNSET else metadata,
            set_metadata=metadata is not msgspec.UNSET,
        )

    await call.db.atomic(work)
    return _shown(found(await call.db.q.get_file(id=file_id), "file"))


async def sweep(db: Database, directory: Path, older_than: float = STALE) -> Swept:
    """Finishes or removes what a crash left: a temporary file whose row was committed is
    renamed into place; one without a row, and a stored file no row names, are removed. Only
    files untouched for `older_than` seconds: younger ones may belong to an upload under way."""
    finished = removed = 0
    cutoff = time.time() - older_than
    entries = await asyncio.to_thread(
        lambda: list(directory.iterdir()) if directory.is_dir() else []
    )
    for entry in entries:
        try:
            if (await asyncio.to_thread(entry.stat)).st_mtime > cutoff:
                continue
        except FileNotFoundError:
            continue
        temporary = entry.name.startswith(".") and entry.name.endswith(".part")
        name = entry.name[1:-5] if temporary else entry.name
        if await db.q.file_registered(file_path=name):
            if temporary:
                await asyncio.to_thread(_finish, entry, directory / name)
                finished += 1
            continue
        await asyncio.to_thread(entry.unlink, True)
        removed += 1
    return Swept(finished=finished, removed=removed)


async def _sweep_now_and_then(db: Database, directory: Path) -> None:
    now = time.monotonic()
    if now - _swept.get(directory, float("-inf")) >= SWEEP_EVERY:
        _swept[directory] = now
        await sweep(db, directory)


async def sweep_files(call: Call) -> Swept:
    """Admins: finish or remove what crashes left in the upload directory."""
    older = query_int(call.request, "older_than", STALE, 0, 30 * 86400)
    return await sweep(call.db, _settings(call).edu_uploads, older)
