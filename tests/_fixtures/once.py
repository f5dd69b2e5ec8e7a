"""A folder built once per test run and shared by every test process: under pytest-xdist each worker is its
own process, so a session-scoped fixture alone would build it once per worker. The first process to ask
builds it under a file lock in the run's common temporary folder; the others wait and reuse it. What the
folder holds, and whether tests may read it in place or must copy it, is the caller's business."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

DONE = ".built"  # written last: a folder without it was left by a build that failed, and is built again


def _shared_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this test run sees (the parent of the workers' basetemps under xdist)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if base.name.startswith("popen-gw") else base


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `name`, filled by `build(folder)` in the first test process that asks for it."""
    root = _shared_root(tmp_path_factory)
    folder = root / name
    with FileLock(str(root / f"{name}.lock")):
        if not (folder / DONE).is_file():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / DONE).touch()
    return folder
