"""Every failure has its cause in one line and in last_run/: a full disk (a real, small tmpfs filled up)
during extraction and during publishing, a read-only warehouse (the tmpfs remounted read-only) and a
missing or unreadable expectation suite. The CLI prints the cause, not a count of failed checks, a
"files found: 0" or a traceback; last_run/run.json records outcome `failed` with it (or stderr says it
could not be written); `latest` stays as it was."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from .corpus import WIGAN, renamed
from .helpers import SAMPLES, assert_latest_valid_or_absent, dagster_home, env_with, hmip_run, project_copy

pytestmark = pytest.mark.slow


@contextmanager
def tmpfs(path: Path, size: str = "64m") -> Iterator[Path]:
    path.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {mounted.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> Path:
    """Write a file until the file system is full (ENOSPC), and return it."""
    filler = folder / f"filler-{uuid.uuid4().hex}"
    block = b"\0" * (1 << 16)
    # unbuffered: a buffered file keeps what a failed write left and raises ENOSPC again on close
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(block)
        except OSError:
            pass
    while True:  # the last partial pages too
        try:
            with filler.open("ab") as handle:
                handle.write(b"\0" * 512)
        except OSError:
            return filler


def _first_publish(raw: Path, warehouse: Path) -> str:
    from pipelines.defs.runner import run_pipeline

    shutil.copytree(SAMPLES, raw)
    assert run_pipeline(raw, warehouse).exit_code == 0
    version = assert_latest_valid_or_absent(warehouse)
    assert version
    (raw / "ashby.txt").write_text(renamed(WIGAN, "Wigan", "Ashby"), encoding="utf-8")  # a new report
    return version


def test_disk_full_during_extraction_is_named_and_latest_stays(tmp_path: Path, monkeypatch):
    from pipelines.defs import assets
    from pipelines.defs.runner import run_pipeline

    with tmpfs(tmp_path / "disk") as disk:
        raw, warehouse = tmp_path / "raw", disk / "wh"
        version = _first_publish(raw, warehouse)
        real = assets._extract_raw
        filled: list[Path] = []

        def extract_on_a_full_disk(file):
            if not filled:
                filled.append(fill(disk))
            return real(file)

        monkeypatch.setattr(assets, "_extract_raw", extract_on_a_full_disk)
        summary = run_pipeline(raw, warehouse)
        assert filled, "extraction never ran"
        out = summary.render()
        assert summary.exit_code == 1
        assert out.startswith("run failed: disk full: no space left on device"), out
        assert "files found" not in out and "checks" not in out and "Traceback" not in out
        assert "could not record this failure" in summary.record_error  # the disk is still full
        assert assert_latest_valid_or_absent(warehouse) == version


def test_disk_full_during_publishing_is_named_in_last_run(tmp_path: Path, monkeypatch):
    from pipelines.defs import runner
    from pipelines.runs import finish

    with tmpfs(tmp_path / "disk") as disk:
        raw, warehouse = tmp_path / "raw", disk / "wh"
        version = _first_publish(raw, warehouse)
        real_publish, real_record = finish.publish_snapshot, runner.record_failed_run
        filled: list[Path] = []

        def publish_on_a_full_disk(*args, **kwargs):
            filled.append(fill(disk))
            return real_publish(*args, **kwargs)

        def record_after_freeing(*args, **kwargs):  # an operator cleared space: the record can be written
            for filler in filled:
                filler.unlink()
            return real_record(*args, **kwargs)

        monkeypatch.setattr(finish, "publish_snapshot", publish_on_a_full_disk)
        monkeypatch.setattr(runner, "record_failed_run", record_after_freeing)
        summary = runner.run_pipeline(raw, warehouse)
        assert filled, "publishing never started"
        assert summary.exit_code == 1
        assert summary.render().startswith("run failed: disk full: no space left on device"), summary.render()
        record = json.loads((warehouse / "last_run" / "run.json").read_text())
        assert record["outcome"] == "failed"
        assert record["cause"].startswith("disk full: no space left on device")
        assert record["latest_version"] == version
        assert assert_latest_valid_or_absent(warehouse) == version


def test_read_only_warehouse_is_named(tmp_path: Path):
    home, raw = dagster_home(tmp_path), tmp_path / "raw"
    shutil.copytree(SAMPLES, raw)
    with tmpfs(tmp_path / "disk") as disk:
        warehouse = disk / "wh"
        first = hmip_run(raw, warehouse, home)
        assert first.returncode == 0, first.stdout + first.stderr
        version = assert_latest_valid_or_absent(warehouse)
        (raw / "ashby.txt").write_text(renamed(WIGAN, "Wigan", "Ashby"), encoding="utf-8")
        subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)
        run = hmip_run(raw, warehouse, home)
        assert run.returncode == 1
        assert run.stdout.startswith("run failed: the warehouse is on a read-only file system"), run.stdout
        assert "Traceback" not in run.stdout + run.stderr
        assert "could not record this failure in" in run.stderr
        assert assert_latest_valid_or_absent(warehouse) == version


def test_a_missing_expectation_suite_is_named(tmp_path: Path):
    """A missing suite is a broken checkout or install: a failed run (exit 1). A malformed one is a
    configuration error (exit 2, one line naming file and field): tests/test_cli_outcomes.py."""
    project = project_copy(tmp_path)
    (project / "expectations" / "reports.json").unlink()
    raw, warehouse = tmp_path / "raw", tmp_path / "wh"
    shutil.copytree(SAMPLES, raw)
    run = subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw), "--warehouse",
                          str(warehouse)], cwd=project, capture_output=True, text=True, timeout=300,
                         env={**env_with(dagster_home(tmp_path)), "PYTHONPATH": str(project)})
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.startswith("run failed: "), run.stdout + run.stderr
    assert "reports.json" in run.stdout.splitlines()[0]
    assert "Traceback" not in run.stdout + run.stderr and "checks" not in run.stdout
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert record["outcome"] == "failed" and "reports.json" in record["cause"]
    assert not (warehouse / "latest").exists()
    assert os.environ.get("PYTHONPATH", "") != str(project)
