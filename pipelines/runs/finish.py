"""The end of a run, as plain functions the Dagster wiring calls: `finish_run` once the checks let the
snapshot step run (load the saved quality result, hold back conflicting reports, settle each input's
status, render the quality report, publish, record the last run), `record_blocked_run` when a
blocking check stops the run before it (the last run's record then says why nothing was published),
`record_failed_run` and `record_config_error` when a run failed or was refused.

Ordering those steps belongs here; how each is done lives in `inputs`, `quality`, `publish` and
`runs.last_run`. No Dagster here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from pipelines.inputs.resolve import Resolution
from pipelines.inputs.statuses import final_input_statuses, hold_back_conflicts, with_removed
from pipelines.publish import PublishResult, outcome_of, publish_snapshot
from pipelines.publish.previous_manifest import previous_inputs
from pipelines.quality import BLOCKED, QualityResult, load_quality, render_quality_html
from pipelines.quality.passages import located_passages
from pipelines.quality.report_header import run_header
from pipelines.runs.last_run import write_config_error, write_failed_run, write_last_run
from pipelines.runs.status import RunStatus, run_status
from pipelines.warehouse.files import utc_timestamp
from pipelines.warehouse.layout import last_run_dir, latest_version


@dataclass(frozen=True)
class FinishedRun:
    publish: PublishResult
    inputs: list[dict[str, Any]]  # every file with its final status, removed ones included
    published_report_ids: set[str]
    record: Path  # the last run's folder
    status: RunStatus  # exit code, held-back reports and rejected files


def finish_run(con: duckdb.DuckDBPyConnection, warehouse_dir: Path, *, run_id: str, resolution: Resolution,
               retention: int) -> FinishedRun:
    """Publish what passed this run's quality gate and record the run."""
    quality = load_quality(con, run_id)
    hold_back_conflicts(quality.report_status, resolution.inputs)
    inputs = with_removed(
        final_input_statuses(resolution.inputs, quality.report_status), previous_inputs(warehouse_dir)
    )
    quality_dict = {**quality.to_dict(), "inputs": inputs}  # every file, with its status
    issue_rows = con.execute("SELECT * FROM staging.extraction_issues").to_arrow_table().to_pylist()
    published_ids = set(quality.published_report_ids())
    fingerprint = resolution.run_fingerprint
    passages = located_passages(con, quality_dict, issue_rows)

    def page(time: str, **published: Any) -> str:
        header = run_header(run_id, time=time, run_fingerprint=fingerprint, **published)
        return render_quality_html(quality_dict, issue_rows, header=header, passages=passages)

    result = publish_snapshot(
        con, warehouse_dir, report_ids=published_ids, quality=quality_dict,
        quality_html=lambda version, created: page(created, snapshot=version),
        inputs=inputs, run_fingerprint=fingerprint, retention=retention,
    )
    outcome = outcome_of(result)
    quality_html = (result.path / "quality.html").read_text(encoding="utf-8") if result.published else \
        page(utc_timestamp(), not_published=result.reason, latest=result.previous_version)
    record = write_last_run(warehouse_dir, run_id=run_id, outcome=outcome, fingerprint=fingerprint,
                            quality=quality_dict, quality_html=quality_html,
                            version=result.version or result.previous_version,
                            warnings=resolution.warnings)
    return FinishedRun(result, inputs, published_ids, record, run_status(outcome, quality_dict, inputs))


def record_failed_run(warehouse_dir: Path, *, run_id: str, cause: str,
                      warnings: list[str] | None = None) -> str:
    """Record a run that failed on an error (`cause`, one line) in last_run/, `latest` as it was; what
    stopped that record being written (a full disk, a read-only warehouse), else ''."""
    try:
        write_failed_run(warehouse_dir, run_id=run_id, cause=cause, fingerprint=None,
                         version=latest_version(warehouse_dir), warnings=warnings)
    except OSError as exc:
        return f"could not record this failure in {last_run_dir(warehouse_dir)}: {exc}"
    return ""


def record_config_error(warehouse_dir: Path, *, errors: list[str], run_id: str | None = None) -> str:
    """Record a run refused for a malformed configuration (`errors`, one line each), `latest` as it was;
    what stopped that record being written, else ''."""
    try:
        write_config_error(warehouse_dir, errors=errors, version=latest_version(warehouse_dir), run_id=run_id)
    except OSError as exc:
        return f"could not record this in {last_run_dir(warehouse_dir)}: {exc}"
    return ""


def record_blocked_run(warehouse_dir: Path, *, run_id: str, result: QualityResult) -> Path:
    """A blocked run publishes nothing: leave the quality report the snapshot step would have left."""
    quality = result.to_dict()
    latest = latest_version(warehouse_dir)
    header = run_header(run_id, time=utc_timestamp(), run_fingerprint=None, latest=latest,
                        not_published=f"blocked by {len(result.blocking_failures)} blocking failure(s)")
    return write_last_run(warehouse_dir, run_id=run_id, outcome=BLOCKED, fingerprint=None,
                          version=latest, quality=quality,
                          quality_html=render_quality_html(quality, header=header))
