"""What `hmip run` tells a person about a run: reports found, extracted, held back with reasons; checks
passed and failed (each rule as `table.rule`); the snapshot published; the outcome and the exit code
(`pipelines.runs.status`). Plain data and rendering; reading the run's events into it is
`pipelines.defs.runner`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pipelines.inputs.statuses import CONFLICT, PUBLISHED
from pipelines.quality.result import BLOCKED
from pipelines.runs.status import CONFIG_ERROR, FAILED, RunStatus, run_status


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
    cause: str = ""  # why the run failed, in one line (disk full, read-only, ...), when it did
    record_error: str = ""  # why last_run/ could not record that failure
    warnings: list[str] = field(default_factory=list)  # e.g. a corrupt working store moved aside, rebuilt
    recorded: RunStatus | None = None  # what last_run/run.json recorded of this run, when it did
    config_errors: list[str] = field(default_factory=list)  # a configuration error met inside the run

    @property
    def status(self) -> RunStatus:
        """The run's outcome: as last_run/ recorded it, else from what the run reported."""
        recorded = self.recorded
        if recorded is not None and recorded.outcome == CONFIG_ERROR:  # found by the checks, not the CLI
            return recorded
        if self.cause:  # a step that failed after the snapshot published does not unpublish it
            return recorded if recorded is not None and recorded.is_settled else RunStatus(FAILED)
        if not self.success or self.blocking_failed or not self.snapshot:
            return recorded if recorded is not None and not recorded.is_settled else RunStatus(BLOCKED)
        if recorded is not None:
            return recorded
        outcome = ("published" if self.snapshot.get("published")
                   else "unchanged" if self.snapshot.get("unchanged") else "nothing_passed")
        return run_status(outcome, None, self.inputs)

    @property
    def exit_code(self) -> int:
        return self.status.exit_code

    def render(self) -> str:
        if self.config_errors:  # as `hmip run` says it when it refuses before a run: one problem a line
            return "\n".join([
                f"configuration error ({len(self.config_errors)} problem(s)) found by the run's checks; "
                "no snapshot published, latest left as it was:", *self.config_errors,
                f"outcome: {self.status.describe()}"])
        warnings = [f"warning: {w}" for w in self.warnings]
        if self.cause and self.status.is_settled:
            warnings.append(f"warning: a step failed after the snapshot was published: {self.cause}")
        elif self.cause:  # a failure, not a verdict on the data: its cause, not counts of what it stopped
            return "\n".join([*warnings, f"run failed: {self.cause}",
                              "no snapshot published; latest left as it was"])
        counts: dict[str, int] = {}
        for item in self.inputs:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        lines = [f"released run {run_id}, left unfinished by a killed run" for run_id in self.recovered_runs]
        lines += warnings
        lines += [
            f"files found: {len(self.inputs)}; "
            + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())),
        ]
        for item in self.inputs:
            if item["status"] != PUBLISHED:
                lines.append(f"  {item['status']}: {item['name']}: {item['reason']}")
        if conflicts := counts.get(CONFLICT):
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
        lines.append(f"outcome: {self.status.describe()}")
        return "\n".join(lines)
