"""The in-process runner of `hmip run`: release what killed runs left, execute the Dagster job in this
process, and read its events into a `pipelines.runs.summary.RunSummary`. No pipeline logic belongs here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.defs.recovery import process_tags, recover_dead_runs
from pipelines.runs.last_run import QUALITY_HTML, read_last_run
from pipelines.runs.summary import RunSummary
from pipelines.warehouse.layout import last_run_dir

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


def _instance() -> dg.DagsterInstance:
    """The project's instance when DAGSTER_HOME is set (run history kept), else a throwaway one."""
    if os.environ.get("DAGSTER_HOME"):
        Path(os.environ["DAGSTER_HOME"]).mkdir(parents=True, exist_ok=True)
        return dg.DagsterInstance.get()
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
            name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
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
        record = read_last_run(warehouse)
        if record and record.get("run_id") == result.run_id:
            summary.quality_report = str(last_run_dir(warehouse) / QUALITY_HTML)
        if not result.success:
            failures = [e.message or "" for e in result.all_events if e.is_failure]
            summary.error = "; ".join(f for f in failures if f) or "the run failed"
    return summary


def _snapshot_materializations(result: dg.ExecuteInProcessResult) -> list[dg.AssetMaterialization]:
    try:
        return result.asset_materializations_for_node("snapshot")
    except dg.DagsterInvariantViolationError:  # the snapshot step never ran
        return []


def _inputs_from(result: dg.ExecuteInProcessResult) -> list[dict[str, Any]]:
    try:
        resolution = result.output_for_node("extracted_reports")
    except Exception:  # the step did not produce an output: the run failed before it
        return []
    return [s.as_dict() for s in resolution.inputs]
