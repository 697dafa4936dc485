"""A backup set on disk: a directory named by its UTC start time holding one dump per app and a
manifest.json that describes each dump, the database it came from and the sha256 guarding it."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from service.backup import BackupError

FORMAT = 1
MANIFEST = "manifest.json"
PARTIAL = ".partial"
STAMP = "%Y%m%dT%H%M%SZ"
NAME = re.compile(r"^(?P<stamp>\d{8}T\d{6}Z)(?:-(?P<seq>\d+))?(?P<partial>\.partial)?$")
CHUNK = 1 << 20


class TableStat(msgspec.Struct, frozen=True):
    name: str
    rows: int
    checksum: str


class Tool(msgspec.Struct, frozen=True):
    name: str
    version: str
    path: str
    family: str


class BinlogPosition(msgspec.Struct, frozen=True):
    file: str
    position: int


class AppEntry(msgspec.Struct):
    """One app's dump: where it came from, what it holds and how to check it."""

    app: str
    engine: str
    database: str
    server: str
    server_version: str
    tool: Tool
    file: str
    size: int
    sha256: str
    started_at: datetime
    finished_at: datetime
    migration_head: str
    migrations: list[str]
    tables: list[TableStat]
    checksum_method: str
    extensions: list[str] = []
    binlog: BinlogPosition | None = None

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)


class Manifest(msgspec.Struct):
    format: int
    name: str
    host: str
    started_at: datetime
    finished_at: datetime
    apps: list[AppEntry]

    def entries(self, apps: list[str] | None) -> list[AppEntry]:
        """The entries of these apps (all when None), refusing an app the set does not hold."""
        held = {e.app: e for e in self.apps}
        missing = [a for a in apps or [] if a not in held]
        if missing:
            raise BackupError(
                f"backup set {self.name} holds no {', '.join(missing)}"
                f" (it holds {', '.join(held) or 'nothing'})"
            )
        return [held[a] for a in apps] if apps else list(self.apps)


_decode = msgspec.json.Decoder(Manifest)


def stamp_time(name: str) -> datetime | None:
    match = NAME.match(name)
    if match is None:
        return None
    return datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC)


def start(root: Path, now: datetime) -> Path:
    """A new, private `<UTC time>.partial` directory; a second set in the same second gets -2."""
    root.mkdir(parents=True, exist_ok=True)
    base = now.astimezone(UTC).strftime(STAMP)
    for seq in range(1, 100):
        name = base if seq == 1 else f"{base}-{seq}"
        if (root / name).exists():
            continue
        try:
            (root / (name + PARTIAL)).mkdir(mode=0o700)
        except FileExistsError:
            continue
        return root / (name + PARTIAL)
    raise BackupError(f"could not find a free set name for {base} in {root}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def finish(partial: Path, manifest: Manifest) -> Path:
    """Write the manifest, flush everything to disk, then rename the directory: only a set whose
    every byte is on disk ever carries a final name."""
    text = msgspec.json.format(msgspec.json.encode(manifest), indent=2) + b"\n"
    target = partial / MANIFEST
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())
    for entry in manifest.apps:
        _fsync(partial / entry.file)
    _fsync(partial)
    final = partial.with_name(partial.name.removesuffix(PARTIAL))
    partial.rename(final)
    _fsync(final.parent)
    return final


def read(directory: Path) -> Manifest:
    if directory.name.endswith(PARTIAL):
        raise BackupError(
            f"{directory} is an incomplete backup (a run that crashed or is still running);"
            " choose a complete set (`datasvc backups list`)"
        )
    path = directory / MANIFEST
    try:
        manifest = _decode.decode(path.read_bytes())
    except FileNotFoundError:
        raise BackupError(
            f"{directory} is not a backup set: it has no {MANIFEST}; choose a complete set"
            " (`datasvc backups list`)"
        ) from None
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise BackupError(f"{path} is damaged ({exc}); choose another set") from None
    if manifest.format != FORMAT:
        raise BackupError(
            f"{path} has format {manifest.format}; this datasvc reads format {FORMAT}:"
            " use the datasvc version that wrote it"
        )
    return manifest


def digest(path: Path) -> tuple[int, str]:
    """Size and sha256 of a file, read in chunks (dumps can be large)."""
    sha = hashlib.sha256()
    size = 0
    with path.open("rb") as src:
        while chunk := src.read(CHUNK):
            sha.update(chunk)
            size += len(chunk)
    return size, sha.hexdigest()


def damage(directory: Path, entry: AppEntry) -> str:
    """Why an app's dump file cannot be trusted (empty when its size and sha256 match)."""
    path = directory / entry.file
    if not path.is_file():
        return f"{entry.app}: {path} is missing"
    size, sha = digest(path)
    if size != entry.size:
        return (
            f"{entry.app}: {path} is {size:,} bytes, the manifest says {entry.size:,} (truncated?)"
        )
    if sha != entry.sha256:
        return (
            f"{entry.app}: {path} is corrupt (sha256 {sha[:12]}…, the manifest says"
            f" {entry.sha256[:12]}…)"
        )
    return ""


def check(directory: Path, entries: list[AppEntry]) -> None:
    """Every dump intact before anything is touched; else one message naming each bad file."""
    bad = [d for d in (damage(directory, e) for e in entries) if d]
    if bad:
        raise BackupError(
            "; ".join(bad) + ". Nothing was restored or changed; use another set"
            " (`datasvc backups list`)"
        )


def resolve(arg: str, root: Path) -> Path:
    """A set given as a path, as a name under the backup directory, or as `latest`."""
    if arg == "latest":
        complete = sorted(
            (p for p in root.glob("*") if p.is_dir() and _complete(p)),
            key=lambda p: p.name,
            reverse=True,
        )
        if not complete:
            raise BackupError(f"no complete backup set in {root}")
        return complete[0]
    for candidate in (Path(arg), root / arg):
        if candidate.is_dir():
            return candidate
    raise BackupError(
        f"no backup set {arg!r} (nor {root / arg}); `datasvc backups list` shows them"
    )


def _complete(path: Path) -> bool:
    match = NAME.match(path.name)
    return match is not None and not match["partial"] and (path / MANIFEST).is_file()
