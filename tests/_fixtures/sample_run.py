"""One real `hmip run` on a copy of raw/ (the two sample reports), made once per test run and shared:
across pytest-xdist workers through a file lock in the run's common temporary folder. Tests never touch
the shared folder itself; `published_sample_copy` gives each its own copy of raw/, the warehouse (with
`latest` and its snapshot) and the Dagster home, plus the first run's exit code and output, so a test
may go on running `hmip` there. Tests that check one Dagster behaviour keep their own runs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from filelock import FileLock

from tests.reliability.helpers import SAMPLES, dagster_home, hmip_run


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this test run sees (the parent of the workers' basetemps under xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def _build(folder: Path) -> None:
    raw, warehouse = folder / "raw", folder / "warehouse"
    shutil.copytree(SAMPLES, raw)
    done = hmip_run(raw, warehouse, dagster_home(folder))
    (folder / "first_run.json").write_text(json.dumps(
        {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}), encoding="utf-8")


def _shared_sample_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _shared_root(tmp_path_factory)
    folder = root / "shared-sample-run"
    with FileLock(str(root / "shared-sample-run.lock")):
        if not (folder / "first_run.json").is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            _build(folder)
    return folder


def published_sample_copy(tmp_path_factory: pytest.TempPathFactory, to: Path
                          ) -> tuple[Path, Path, Path, subprocess.CompletedProcess]:
    """(raw, warehouse, dagster_home, first run) copied into `to` (which must not exist yet)."""
    shared = _shared_sample_run(tmp_path_factory)
    shutil.copytree(shared, to, symlinks=True)
    record = json.loads((to / "first_run.json").read_text(encoding="utf-8"))
    first = subprocess.CompletedProcess(["hmip", "run"], record["returncode"], record["stdout"],
                                        record["stderr"])
    return to / "raw", to / "warehouse", to / "dagster_home", first
