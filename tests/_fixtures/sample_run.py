"""One real `hmip run` on a copy of raw/ (the two sample reports), made once per test run and shared
across pytest-xdist workers (tests/_fixtures/once.py). Tests never touch the shared folder itself;
`published_sample_copy` gives each its own copy of raw/, the warehouse (with `latest` and its snapshot)
and the Dagster home, plus the first run's exit code and output (stdout and stderr captured as under
cron, progress printed as a plain line for every update), so a test may go on running `hmip` there.
Tests that check one Dagster behaviour keep their own runs."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests._fixtures.once import DONE, built_once
from tests.reliability.helpers import SAMPLES, dagster_home, fresh_hmip_run


def _build(folder: Path) -> None:
    raw, warehouse = folder / "raw", folder / "warehouse"
    shutil.copytree(SAMPLES, raw)
    # a fresh interpreter: tests/test_cli_output.py reads this run's stderr for warnings printed on import;
    # progress a plain line per update
    done = fresh_hmip_run(raw, warehouse, dagster_home(folder), HMIP_PROGRESS_SECONDS="0")
    (folder / "first_run.json").write_text(json.dumps(
        {"returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}), encoding="utf-8")


def published_sample_copy(tmp_path_factory: pytest.TempPathFactory, to: Path
                          ) -> tuple[Path, Path, Path, subprocess.CompletedProcess]:
    """(raw, warehouse, dagster_home, first run) copied into `to` (which must not exist yet)."""
    shared = built_once(tmp_path_factory, "shared-sample-run", _build)
    shutil.copytree(shared, to, symlinks=True, ignore=shutil.ignore_patterns(DONE))
    record = json.loads((to / "first_run.json").read_text(encoding="utf-8"))
    first = subprocess.CompletedProcess(["hmip", "run"], record["returncode"], record["stdout"],
                                        record["stderr"])
    return to / "raw", to / "warehouse", to / "dagster_home", first
