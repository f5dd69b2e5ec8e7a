"""Run the Dagster job in-process for `hmip run` and summarise it for a person: reports found, extracted,
held back with reasons; checks passed and failed; the snapshot published. Knows Dagster only to read
the run's events; no pipeline logic belongs here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.definitions import JOB_NAME, build_definitions
from pipelines.publish.last_run import FOLDER as LAST_RUN
from pipelines.publish.last_run import read_last_run
from pipelines.run_recovery import process_tags, recover_dead_runs

QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


@dataclass
class RunSummary:
    success: bool
    inputs: list[dict[str, Any]] = field(default_factory=list)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    blocking_failed: list[str] = field(default_factory=list)
    snapshot: dict[str, Any] = field(default_factory=dict)
    error: str = ""
    recovered_runs: list[str] = field(default_factory=list)
    quality_report: str = ""  # this run's quality.html, published or not

    @property
    def exit_code(self) -> int:
        if not self.success or self.blocking_failed or not self.snapshot:
            return 1
        if self.snapshot.get("published") or self.snapshot.get("unchanged"):
            return 0
        return 1

    def render(self) -> str:
        counts: dict[str, int] = {}
        for item in self.inputs:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        lines = [f"released run {run_id}, left unfinished by a killed run" for run_id in self.recovered_runs]
        lines += [
            f"files found: {len(self.inputs)}; "
            + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())),
        ]
        for item in self.inputs:
            if item["status"] not in ("published",):
                lines.append(f"  {item['status']}: {item['name']}: {item['reason']}")
        if conflicts := counts.get("conflict"):
            lines.append(f"conflict: {conflicts} file(s) held back: each claims a report that another file "
                         "claims with different contents (see above); a report latest published stays")
        lines.append(f"checks passed: {self.checks_passed}; failed: {len(self.checks_failed)}")
        lines += [f"  failed: {name}" for name in self.checks_failed]
        if self.snapshot.get("repaired"):
            lines.append(f"latest ({self.snapshot.get('previous_version') or 'the previous snapshot'}) was "
                         "damaged: " + "; ".join(self.snapshot["repaired"])
                         + f"; repaired by publishing {self.snapshot.get('version')} (snapshots are never "
                         "edited in place)")
        if self.snapshot.get("published"):
            lines.append(f"snapshot {self.snapshot['version']} published at {self.snapshot['path']}")
        elif self.snapshot:
            lines.append(f"no snapshot published: {self.snapshot.get('reason')}")
        else:
            lines.append("no snapshot published: " + (self.error or "a blocking check failed"))
        if self.quality_report:
            lines.append(f"quality report: {self.quality_report}")
        return "\n".join(lines)


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
            summary.quality_report = str(warehouse / LAST_RUN / "quality.html")
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
