"""The last run's record, `warehouse/last_run/`: its quality report (quality.json, quality.html) and
`run.json` (when, what it was built from, what came of it), whether or not it published a snapshot.

A run that holds a report back but leaves the tables as they were publishes nothing, and a blocked run
publishes nothing by design; without this record neither would leave a report saying why. Each file is
replaced atomically (written beside it, fsynced, renamed over it), so none is ever half-written;
`run.json` goes last and names its run, so a crash between files can leave this run's quality report
beside the previous run's `run.json`, never a torn file. Deciding outcomes does not belong here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pipelines.publish.manifest import FINGERPRINT_FIELD
from pipelines.warehouse.files import dumps_json, fsync_dir, read_json, utc_timestamp, write_text
from pipelines.warehouse.layout import last_run_dir

RUN_FILE = "run.json"
QUALITY_HTML = "quality.html"
# outcomes after which the same inputs would give the same result again: a rerun can be skipped
SETTLED = ("published", "unchanged")
FAILED = "failed"  # the run stopped on an error (disk full, read-only, ...): `cause` says which


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write_text(tmp, text)
    os.replace(tmp, path)


def write_last_run(warehouse_dir: Path, *, run_id: str, outcome: str, fingerprint: str | None,
                   version: str | None, quality: dict[str, Any], quality_html: str,
                   warnings: list[str] | None = None) -> Path:
    """Record this run: `outcome` is published, unchanged (tables identical to latest), nothing_passed
    or blocked; `version` the snapshot published, or the one `latest` still points to."""
    folder = last_run_dir(warehouse_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _replace(folder / "quality.json", dumps_json(quality))
    _replace(folder / QUALITY_HTML, quality_html)
    finished = utc_timestamp()
    _replace(folder / RUN_FILE, dumps_json({
        "run_id": run_id, "finished": finished, "outcome": outcome, FINGERPRINT_FIELD: fingerprint,
        "latest_version": version, "verdict": quality.get("verdict"), "summary": quality.get("summary"),
        "warnings": warnings or [],
    }))
    fsync_dir(folder)
    return folder


def write_failed_run(warehouse_dir: Path, *, run_id: str, cause: str, fingerprint: str | None,
                     version: str | None, warnings: list[str] | None = None) -> Path:
    """Record a run that failed before it could settle (outcome `failed`, with its one-line `cause`); the
    previous run's quality report is removed, since it does not describe this run. Raises OSError when
    the record cannot be written (the disk is full, the warehouse read-only): the caller says so."""
    folder = last_run_dir(warehouse_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _replace(folder / RUN_FILE, dumps_json({
        "run_id": run_id, "finished": utc_timestamp(), "outcome": FAILED, "cause": cause,
        FINGERPRINT_FIELD: fingerprint, "latest_version": version, "warnings": warnings or [],
    }))
    for stale in ("quality.json", QUALITY_HTML):
        (folder / stale).unlink(missing_ok=True)
    fsync_dir(folder)
    return folder


def read_last_run(warehouse_dir: Path) -> dict[str, Any] | None:
    """The last run's record, or None when there is none or it cannot be read."""
    try:
        record = read_json(last_run_dir(warehouse_dir) / RUN_FILE)
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) else None
