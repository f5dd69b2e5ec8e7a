"""The in-process runner of `hmip run`: release what killed runs left, execute the Dagster job in this
process, and read its events into a `pipelines.runs.summary.RunSummary`. No pipeline logic belongs here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.checks import REPORT_GATE
from pipelines.defs.home import prepared_instance
from pipelines.defs.recovery import process_tags, recover_dead_runs
from pipelines.quality.exceptions import EXCEPTIONS_FILE
from pipelines.runs.causes import failure_cause
from pipelines.runs.finish import record_failed_run
from pipelines.runs.last_run import FAILED, QUALITY_HTML, read_last_quality, read_last_run
from pipelines.runs.status import CONFIG_ERROR, status_of_record
from pipelines.runs.summary import RunSummary
from pipelines.warehouse.layout import last_run_dir

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def _instance() -> dg.DagsterInstance:
    """The project's instance when DAGSTER_HOME is set (run history kept), else a throwaway one."""
    if os.environ.get("DAGSTER_HOME"):
        return prepared_instance()  # two first runs on a fresh home would both create its databases
    return dg.DagsterInstance.ephemeral()


def run_pipeline(raw: Path, warehouse: Path, keep_snapshots: int | None = None) -> RunSummary:
    defs = build_definitions(str(raw), str(warehouse), progress=True, keep_snapshots=keep_snapshots)
    job = defs.resolve_job_def(JOB_NAME)
    with _instance() as instance:
        recovered = recover_dead_runs(instance)  # else a killed run's pool slot blocks this one for ever
        result = job.execute_in_process(instance=instance, raise_on_error=False, run_config=QUIET_LOGS,
                                        tags=process_tags())
        summary = RunSummary(success=result.success, recovered_runs=recovered)
        for evaluation in result.get_asset_check_evaluations():
            if evaluation.check_name == REPORT_GATE:  # the run's outcome, said by `summary.status`
                continue
            name = rule_id(evaluation.asset_key, evaluation.check_name)
            if evaluation.passed:
                summary.checks_passed += 1
                continue
            summary.checks_failed.append(name)
            if evaluation.severity == dg.AssetCheckSeverity.ERROR:
                summary.blocking_failed.append(name)
        for mat in _snapshot_materializations(result):
            summary.snapshot = {k: v.value for k, v in mat.metadata.items()}
            summary.inputs = summary.snapshot.pop("input_rows", [])
        if not summary.inputs:
            summary.inputs = _inputs_from(result)
        summary.warnings = _warnings_from(result) + _unused_exceptions(warehouse, result.run_id)
        record = read_last_run(warehouse)
        if record and record.get("run_id") == result.run_id:
            summary.quality_report = str(last_run_dir(warehouse) / QUALITY_HTML)
            summary.recorded = status_of_record(record)
            if summary.recorded.outcome == CONFIG_ERROR:  # a file edited after `hmip run` checked it
                summary.config_errors = [str(line) for line in record.get("errors") or []]
        if not result.success or summary.blocking_failed:
            _record_failure(summary, result, warehouse)
        if summary.cause:  # the run's own steps tag every settled outcome; a failure is only known here
            instance.add_run_tags(result.run_id, summary.status.tags())
    return summary


def rule_id(asset_key: dg.AssetKey, check_name: str) -> str:
    """The rule `<table>.<rule>` of a quality check: the check named `<rule>` on the asset `<table>`."""
    return f"{asset_key.to_user_string()}.{check_name}"


def _unused_exceptions(warehouse: Path, run_id: str) -> list[str]:
    """A warning for each accepted exception that matched no failure this run: a stale entry to remove."""
    quality = read_last_quality(warehouse, run_id) or {}
    return [f"accepted exception matches no failure: {e.get('rule')} for report {e.get('report_id')}"
            + (f" where {json.dumps(e['where'], ensure_ascii=False)}" if e.get("where") else "")
            + f" ({EXCEPTIONS_FILE}, accepted by {e.get('accepted_by')} on {e.get('accepted_on')}); "
            "remove it if the failure it accepted is gone"
            for e in quality.get("unused_exceptions") or []]


def _record_failure(summary: RunSummary, result: dg.ExecuteInProcessResult, warehouse: Path) -> None:
    """Name the failure's cause in one line and record it in last_run/, unless the checks blocked the
    snapshot on the data (the checks' own record then says why)."""
    cause = _cause(result)
    if cause is None:
        return
    summary.error = summary.cause = cause
    record = read_last_run(warehouse)
    if record and record.get("run_id") == result.run_id and record.get("outcome") != FAILED:
        return  # the run settled (say blocked on the data) and recorded it
    summary.record_error = record_failed_run(warehouse, run_id=result.run_id, cause=cause,
                                             warnings=summary.warnings)


def _cause(result: dg.ExecuteInProcessResult) -> str | None:
    """The failed step's error; or the error every blocking check failed on when the quality run
    itself failed (a missing suite, a full disk); None when checks failed on the data."""
    for evaluation in result.get_asset_check_evaluations():
        error = evaluation.metadata.get("error")
        if not evaluation.passed and error is not None:
            return failure_cause([str(error.value)])
    blocked_on_data = False
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            data = event.step_failure_data
            if data.error is not None and data.error.cls_name == "DagsterAssetCheckFailedError":
                blocked_on_data = True
                continue  # checks that failed on the data: a verdict, said by the summary, not a cause
            if data.user_failure_data is not None and data.user_failure_data.description:
                return data.user_failure_data.description
            return failure_cause(_messages(data.error))
    if not result.success and not blocked_on_data:
        return failure_cause([e.message or "" for e in result.all_events if e.is_failure])
    return None


def _messages(error: Any) -> list[str]:
    out: list[str] = []
    while error is not None and len(out) < 20:
        out.append(error.message or "")
        error = error.cause or error.context
    return out


def _snapshot_materializations(result: dg.ExecuteInProcessResult) -> list[dg.AssetMaterialization]:
    try:
        return result.asset_materializations_for_node("snapshot")
    except dg.DagsterInvariantViolationError:  # the snapshot step never ran
        return []


def _warnings_from(result: dg.ExecuteInProcessResult) -> list[str]:
    try:
        mats = result.asset_materializations_for_node("extracted_reports")
    except dg.DagsterInvariantViolationError:
        return []
    return [w for m in mats for w in (m.metadata["warnings"].value if "warnings" in m.metadata else [])]


def _inputs_from(result: dg.ExecuteInProcessResult) -> list[dict[str, Any]]:
    try:
        resolution = result.output_for_node("extracted_reports")
    except Exception:  # the step did not produce an output: the run failed before it
        return []
    return [s.as_dict() for s in resolution.inputs]
