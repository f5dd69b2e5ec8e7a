"""The warehouse folder's layout, in one place, and its atomic moves.

    warehouse/warehouse.duckdb       working tables, extraction cache, saved quality runs
    warehouse/snapshots/<version>/   immutable, complete snapshots (only ever created by a rename)
    warehouse/latest                 symlink -> snapshots/<version>, switched by rename of latest.tmp
    warehouse/last_run/              the last run's run.json, quality.json and quality.html
    warehouse/.tmp-<uuid>/           a snapshot being written, or one being deleted by retention
    warehouse/.publish.lock          held while publishing so two publishers never interleave
    warehouse/.run.lock              held for a whole run (`run_lock`)
    warehouse/.runs/<run_id>/        a run's intermediate outputs (the Dagster IO manager's), this
                                     warehouse's own, written under its run lock
    warehouse/batches/<extractor_version>/<bucket>/<digest>.parquet  the batch job's extracted buckets
                                     (`batches`), immutable, named by what they were extracted from
    warehouse/warehouse.duckdb.corrupt-<time>  a damaged working store moved aside (`db.connect`)

Names and paths, the `latest` pointer, leftovers and the publish lock belong here; what goes inside a
snapshot or the last run's record does not.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.warehouse.files import fsync_dir
from pipelines.warehouse.versions import is_version, sort_versions

WAREHOUSE_DB = "warehouse.duckdb"
SNAPSHOTS = "snapshots"
LATEST = "latest"
LATEST_TMP = "latest.tmp"
LAST_RUN = "last_run"
TMP_PREFIX = ".tmp-"
LOCK = ".publish.lock"
RUN_LOCK = ".run.lock"
RUN_OUTPUTS = ".runs"
BATCHES = "batches"


def db_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / WAREHOUSE_DB


def last_run_dir(warehouse_dir: Path) -> Path:
    return warehouse_dir / LAST_RUN


def run_lock_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / RUN_LOCK


def run_outputs_dir(warehouse_dir: Path, run_id: str | None = None) -> Path:
    """Where a run's intermediate outputs live (all runs' folders when `run_id` is None)."""
    root = warehouse_dir / RUN_OUTPUTS
    return root if run_id is None else root / run_id


def batches_dir(warehouse_dir: Path) -> Path:
    """The batch job's extracted buckets, one folder per extractor version (`pipelines.warehouse.batches`)."""
    return warehouse_dir / BATCHES


def snapshots_dir(warehouse_dir: Path) -> Path:
    return warehouse_dir / SNAPSHOTS


def snapshot_versions(warehouse_dir: Path) -> list[str]:
    """Every snapshot version in the warehouse, oldest first."""
    root = snapshots_dir(warehouse_dir)
    if not root.is_dir():
        return []
    return sort_versions([p.name for p in root.iterdir() if p.is_dir()])


def latest_version(warehouse_dir: Path) -> str | None:
    """The version `latest` points to, or None when it is missing or dangling."""
    link = warehouse_dir / LATEST
    if not link.is_symlink():
        return None
    target = Path(os.readlink(link))
    if target.parent.name != SNAPSHOTS or not is_version(target.name):
        return None
    return target.name if (snapshots_dir(warehouse_dir) / target.name).is_dir() else None


def switch_latest(warehouse_dir: Path, version: str) -> None:
    """Point `latest` at snapshots/<version> atomically: a new symlink renamed over the old one.

    The link is relative, so the warehouse folder can be moved or mounted elsewhere.
    """
    tmp = warehouse_dir / LATEST_TMP
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(f"{SNAPSHOTS}/{version}", tmp, target_is_directory=True)
    os.replace(tmp, warehouse_dir / LATEST)
    fsync_dir(warehouse_dir)


def new_tmp_dir(warehouse_dir: Path) -> Path:
    path = warehouse_dir / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    path.mkdir()
    return path


def discard_snapshot(warehouse_dir: Path, version: str) -> None:
    """Delete a snapshot so no reader ever sees it half-deleted: rename it aside, then delete it.

    Were the process killed in between, the `.tmp-*` folder left is removed by the next publish.
    """
    aside = warehouse_dir / f"{TMP_PREFIX}{uuid.uuid4().hex}"
    os.replace(snapshots_dir(warehouse_dir) / version, aside)
    fsync_dir(snapshots_dir(warehouse_dir))
    shutil.rmtree(aside)


def remove_leftovers(warehouse_dir: Path) -> list[Path]:
    """Delete what interrupted publishes left: `.tmp-*` folders and a stray `latest.tmp`.

    Call only while holding `publish_lock`, or a running publish loses its work in progress.
    """
    removed: list[Path] = []
    if not warehouse_dir.is_dir():
        return removed
    for path in sorted(warehouse_dir.iterdir()):
        if path.name.startswith(TMP_PREFIX) or path.name == LATEST_TMP:
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
    if removed:
        fsync_dir(warehouse_dir)
    return removed


@contextmanager
def publish_lock(warehouse_dir: Path) -> Iterator[None]:
    """Exclusive lock on the warehouse's publishing; waits for another publisher to finish.

    The operating system releases it when the process dies, so a crash never leaves it held.
    """
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(warehouse_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)
