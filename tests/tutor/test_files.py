"""The JSON files to the database and back: validation with paths, the backup, the import with
its trail, the verification, an idempotent re-run, and export -> files equal to the originals."""

from __future__ import annotations

import io
import json
import secrets
import tarfile
from pathlib import Path

import pytest

from service.apps.tutor import archive, files, sample
from service.apps.tutor.commands import say
from service.apps.tutor.migration import export_dir, import_dir
from service.db import Database
from tests.conftest import Service
from tests.tutor.support import BASE, trail


def _set(tmp_path: Path, profiles: int = 40, broken: bool = True) -> tuple[Path, str]:
    prefix = f"s{secrets.token_hex(3)}"
    directory = tmp_path / "json"
    sample.generate(directory, profiles, broken, seed=7, prefix=prefix)
    return directory, prefix


def _lines(path: Path) -> list[str]:
    return path.read_text().splitlines()


def test_the_published_schema_is_the_one_the_import_checks() -> None:
    published = json.loads(files.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert published == files.schema(), "regenerate profile.schema.json from files.schema()"


async def test_broken_files_are_reported_and_nothing_is_written(
    service: Service, db: Database, tmp_path: Path
) -> None:
    directory, prefix = _set(tmp_path, profiles=5)
    report = await import_dir(db, directory, tmp_path / "backups", out=io.StringIO())
    reasons = {p.file: (p.path, p.reason) for p in report.problems}
    assert set(reasons) == {name for name, _ in sample.BROKEN}
    assert reasons["broken-dob.json"][0] == "$.dob"
    assert reasons["broken-long-word.json"][0] == "$.mastered_words.en[0]"
    assert reasons["broken-unknown.json"][0] == "$.favourite_color"
    assert reasons["broken-nul.json"][0] == "$.name"
    assert reasons["broken-age-type.json"][0] == "$.mental_age"
    assert reasons["broken-role.json"][0] == "$.chat_history[0].role"
    assert "UTF-8" in reasons["broken-utf8.json"][1]
    assert not report.imported and report.backup is None
    assert not (tmp_path / "backups").exists()
    r = await service.client.get(f"{BASE}/profiles/{prefix}-0001", headers=service.admin())
    assert r.status_code == 404
    out = io.StringIO()
    assert say(report, out) == 1
    assert "invalid: broken-dob.json at $.dob" in out.getvalue()
    assert "nothing was written" in out.getvalue()


async def test_import_backs_up_writes_the_trail_verifies_and_reruns_to_nothing(
    service: Service, db: Database, tmp_path: Path
) -> None:
    directory, prefix = _set(tmp_path, profiles=30, broken=False)
    backups = tmp_path / "backups"
    report = await import_dir(db, directory, backups, out=io.StringIO())
    assert report.problems == [] and report.differences == []
    assert report.written["profiles"] == 30 and report.stored["profiles"] == 30
    assert report.written == report.stored
    assert report.backup is not None and archive.check(report.backup) == []
    with tarfile.open(report.backup) as tar:
        names = set(tar.getnames())
    assert names == {p.name for p in directory.glob("*.json")} | {archive.MANIFEST}
    manifest = _lines(Path(str(report.backup) + ".sha256"))
    assert len(manifest) == 30 and all(len(line.split("  ")[0]) == 64 for line in manifest)
    rows = await trail(service, f"{prefix}-0001")
    assert rows and {a["changed_by"] for a in rows} == {"migration"}
    assert {a["action"] for a in rows} == {"INSERT"}
    out = io.StringIO()
    assert say(report, out) == 0
    assert "every imported profile reads back equal" in out.getvalue()

    again = await import_dir(db, directory, backups, out=io.StringIO())
    assert sum(again.written.values()) == 0 and again.differences == []
    out = io.StringIO()
    assert say(again, out) == 0 and "nothing changed" in out.getvalue()
    assert await trail(service, f"{prefix}-0001") == rows, "a re-run writes no trail rows"


async def test_export_gives_back_files_equal_to_the_originals(
    service: Service, db: Database, tmp_path: Path
) -> None:
    directory, prefix = _set(tmp_path, profiles=25, broken=False)
    report = await import_dir(db, directory, tmp_path / "b", out=io.StringIO())
    assert report.differences == []
    exported = tmp_path / "exported"
    counts = await export_dir(db, exported, out=io.StringIO())
    assert counts["profiles"] >= 25
    for original in directory.glob("*.json"):
        back = exported / original.name
        assert json.loads(back.read_bytes()) == json.loads(original.read_bytes()), original.name


async def test_skip_invalid_imports_the_valid_ones_and_dry_run_writes_nothing(
    service: Service, db: Database, tmp_path: Path
) -> None:
    directory, prefix = _set(tmp_path, profiles=6)
    dry = await import_dir(
        db, directory, tmp_path / "b", dry_run=True, skip_invalid=True, out=io.StringIO()
    )
    assert dry.written["profiles"] == 6 and not dry.imported and dry.backup is None
    r = await service.client.get(f"{BASE}/profiles/{prefix}-0001", headers=service.admin())
    assert r.status_code == 404
    report = await import_dir(db, directory, tmp_path / "b", skip_invalid=True, out=io.StringIO())
    assert report.imported and len(report.problems) == len(sample.BROKEN)
    assert report.stored["profiles"] == 6 and report.differences == []
    out = io.StringIO()
    assert say(report, out) == 0 and "skipped 10 invalid files" in out.getvalue()


async def test_a_changed_file_updates_its_profile_and_adds_what_is_new(
    service: Service, db: Database, tmp_path: Path
) -> None:
    directory, prefix = _set(tmp_path, profiles=2, broken=False)
    await import_dir(db, directory, tmp_path / "b", out=io.StringIO())
    path = directory / f"{prefix}-0001.json"
    data = json.loads(path.read_bytes())
    data["school"] = "新學校"
    data["mastered_words"]["en"].append("xylophone")
    path.write_text(json.dumps(data, ensure_ascii=False))
    report = await import_dir(db, directory, tmp_path / "b", out=io.StringIO())
    assert report.written["profiles"] == 1 and report.written["mastered_words"] == 1
    assert report.differences == []
    update = (await trail(service, f"{prefix}-0001", action="UPDATE"))[0]
    assert update["new_value"]["school"] == "新學校" and update["changed_by"] == "migration"


@pytest.mark.parametrize("name", ["broken-utf8.json", "broken-nul.json"])
def test_each_broken_sample_fails_for_its_own_reason(tmp_path: Path, name: str) -> None:
    data = dict(sample.BROKEN)[name]
    (tmp_path / name).write_bytes(data)
    problem = files.read(tmp_path / name)
    assert isinstance(problem, files.FileProblem)
