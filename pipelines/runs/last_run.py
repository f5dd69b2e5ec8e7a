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
from pipelines.runs.status import CONFIG_ERROR, FAILED, SETTLED, RunStatus, run_status
from pipelines.warehouse.files import dumps_json, fsync_dir, read_json, utc_timestamp, write_text
from pipelines.warehouse.layout import last_run_dir

RUN_FILE = "run.json"
QUALITY_HTML = "quality.html"
QUALITY_JSON = "quality.json"
__all__ = ["CONFIG_ERROR", "FAILED", "QUALITY_HTML", "QUALITY_JSON", "RUN_FILE", "SETTLED",
           "read_last_quality", "read_last_run", "write_config_error", "write_failed_run", "write_last_run"]


def _replace(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    write_text(tmp, text)
    os.replace(tmp, path)


def write_last_run(warehouse_dir: Path, *, run_id: str, outcome: str, fingerprint: str | None,
                   version: str | None, quality: dict[str, Any], quality_html: str,
                   warnings: list[str] | None = None) -> Path:
    """Record this run: `outcome` is published, unchanged (tables identical to latest), nothing_passed
    or blocked; `version` the snapshot published, or the one `latest` still points to. The record's
    `exit_code`, `held_back` and `rejected` come from `quality` (its summary and `inputs`)."""
    folder = last_run_dir(warehouse_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _replace(folder / QUALITY_JSON, dumps_json(quality))
    _replace(folder / QUALITY_HTML, quality_html)
    finished = utc_timestamp()
    status = run_status(outcome, quality, quality.get("inputs") or [])
    _replace(folder / RUN_FILE, dumps_json({
        "run_id": run_id, "finished": finished, "outcome": outcome, **status.record(),
        FINGERPRINT_FIELD: fingerprint, "latest_version": version, "verdict": quality.get("verdict"),
        "summary": quality.get("summary"), "warnings": warnings or [],
    }))
    fsync_dir(folder)
    return folder


def write_failed_run(warehouse_dir: Path, *, run_id: str, cause: str, fingerprint: str | None,
                     version: str | None, warnings: list[str] | None = None) -> Path:
    """Record a run that failed before it could settle (outcome `failed`, with its one-line `cause`); the
    previous run's quality report is removed, since it does not describe this run. Raises OSError when
    the record cannot be written (the disk is full, the warehouse read-only): the caller says so."""
    return _write_unsettled(warehouse_dir, {
        "run_id": run_id, "finished": utc_timestamp(), "outcome": FAILED, **RunStatus(FAILED).record(),
        "cause": cause, FINGERPRINT_FIELD: fingerprint, "latest_version": version, "warnings": warnings or [],
    })


def write_config_error(warehouse_dir: Path, *, errors: list[str], version: str | None,
                       run_id: str | None = None) -> Path:
    """Record a run refused because its configuration (accepted exceptions, expectation suites) is
    malformed: outcome `config_error`, `errors` one line each; `run_id` None when `hmip run` refused it
    before any run started. Raises OSError when the record cannot be written."""
    return _write_unsettled(warehouse_dir, {
        "run_id": run_id, "finished": utc_timestamp(), "outcome": CONFIG_ERROR,
        **RunStatus(CONFIG_ERROR).record(), "errors": list(errors), "cause": errors[0] if errors else "",
        FINGERPRINT_FIELD: None, "latest_version": version, "warnings": [],
    })


def _write_unsettled(warehouse_dir: Path, record: dict[str, Any]) -> Path:
    """Write a run.json of a run that left no quality report, removing the previous run's: it does not
    describe this run and must not look current."""
    folder = last_run_dir(warehouse_dir)
    folder.mkdir(parents=True, exist_ok=True)
    _replace(folder / RUN_FILE, dumps_json(record))
    for stale in (QUALITY_JSON, QUALITY_HTML):
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


def read_last_quality(warehouse_dir: Path, run_id: str) -> dict[str, Any] | None:
    """The quality report (quality.json's content) the run `run_id` left in last_run/, else None."""
    record = read_last_run(warehouse_dir)
    if not record or record.get("run_id") != run_id:
        return None
    try:
        quality = read_json(last_run_dir(warehouse_dir) / QUALITY_JSON)
    except (OSError, ValueError):
        return None
    return quality if isinstance(quality, dict) else None
