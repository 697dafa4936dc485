"""The backup the JSON import takes before it touches a database: the directory's files in a
compressed archive with a sha256 manifest, inside it and beside it."""

from __future__ import annotations

import hashlib
import io
import tarfile
from datetime import UTC, datetime
from pathlib import Path

MANIFEST = "MANIFEST.sha256"


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def back_up(files: list[Path], into: Path, label: str = "tutor-json") -> Path:
    """`files` (one directory's) as `<into>/<label>-<UTC time>.tar.gz`, with MANIFEST.sha256
    (`<sha256>  <name>` per file, sha256sum's format) in the archive and beside it."""
    into.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = into / f"{label}-{stamp}.tar.gz"
    manifest = "".join(f"{sha256(p)}  {p.name}\n" for p in sorted(files)).encode()
    partial = target.with_suffix(".partial")
    with tarfile.open(partial, "w:gz") as tar:
        for path in sorted(files):
            tar.add(path, arcname=path.name)
        info = tarfile.TarInfo(MANIFEST)
        info.size = len(manifest)
        info.mtime = int(datetime.now(UTC).timestamp())
        tar.addfile(info, io.BytesIO(manifest))
    partial.rename(target)  # a crash leaves a .partial, never a truncated archive by its name
    target.with_name(target.name + ".sha256").write_bytes(manifest)
    return target


def check(archive: Path) -> list[str]:
    """What in an archive does not match its manifest (empty: every file intact)."""
    problems: list[str] = []
    with tarfile.open(archive, "r:gz") as tar:
        member = tar.extractfile(MANIFEST)
        if member is None:
            return [f"{archive.name} has no {MANIFEST}"]
        expected: dict[str, str] = {}
        for line in member.read().decode().splitlines():
            digest, name = line.split("  ", 1)
            expected[name] = digest
        for name, digest in expected.items():
            data = tar.extractfile(name)
            if data is None:
                problems.append(f"{name}: missing from the archive")
            elif hashlib.sha256(data.read()).hexdigest() != digest:
                problems.append(f"{name}: sha256 differs from the manifest")
    return problems
