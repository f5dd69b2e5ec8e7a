"""A run's outcome as automation reads it: the exit code of `hmip run`, the `hmip/*` tags of its Dagster
run and the `exit_code`, `held_back` and `rejected` fields of last_run/run.json, all from one `RunStatus`.

The contract (README, "Exit codes"): 0 everything published, or unchanged since `latest`; 3 published (or
unchanged) with reports held back or input files rejected; 1 nothing could be published (blocked, every
report held back, a failure); 2 a usage or configuration error, before any run starts. Deciding what was
published is `publish` and the quality gate; only turning that into codes, tags and counts belongs here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pipelines.inputs.statuses import CONFLICT, ERROR, HELD_BACK

EXIT_OK, EXIT_NOT_PUBLISHED, EXIT_USAGE, EXIT_PARTIAL = 0, 1, 2, 3

# run.json outcomes besides those of `publish.outcome_of` (published, unchanged, nothing_passed) and the
# quality verdict `blocked`
SETTLED = ("published", "unchanged")  # `latest` is what these inputs give; a rerun can be skipped
FAILED = "failed"  # the run stopped on an error (disk full, read-only, ...): `cause` says which
CONFIG_ERROR = "config_error"  # refused before it started: `errors` has one line per problem
NOTHING_PASSED = "nothing_passed"  # the snapshot step ran, but every report was held back
PARTIAL = "partial"  # the `hmip/outcome` tag of a published or unchanged run that held something back

TAG_PREFIX = "hmip/"
# input statuses that keep a file's rows out of the snapshot, and what the report gate calls them
_HELD_STATUSES = (HELD_BACK, CONFLICT)
_REJECTED_STATUSES = (ERROR,)


@dataclass(frozen=True)
class RunStatus:
    outcome: str  # a run.json outcome above
    held_back: int = 0  # reports held back by the quality gate, a conflict or extraction errors
    rejected: int = 0  # input files that yielded no report (unreadable, refused, not a report)

    @property
    def is_settled(self) -> bool:
        """`latest` is what these inputs give: a snapshot was published or was already identical."""
        return self.outcome in SETTLED

    @property
    def is_partial(self) -> bool:
        return self.is_settled and bool(self.held_back or self.rejected)

    @property
    def exit_code(self) -> int:
        if self.outcome == CONFIG_ERROR:
            return EXIT_USAGE
        if not self.is_settled:
            return EXIT_NOT_PUBLISHED
        return EXIT_PARTIAL if self.is_partial else EXIT_OK

    @property
    def label(self) -> str:
        """The outcome, with `partial` for a settled run that held something back (the `hmip/outcome` tag)."""
        return PARTIAL if self.is_partial else self.outcome

    def describe(self) -> str:
        """One line for a person, e.g. 'partial (exit 3): 1 report(s) held back, 0 input file(s) rejected';
        a run that stopped before the snapshot step (blocked, failed, refused) has no counts to give."""
        head = f"{self.label} (exit {self.exit_code})"
        if self.outcome in (*SETTLED, NOTHING_PASSED):
            return f"{head}: {self.held_back} report(s) held back, {self.rejected} input file(s) rejected"
        return head

    def tags(self) -> dict[str, str]:
        """Dagster run tags (values are strings)."""
        return {f"{TAG_PREFIX}outcome": self.label, f"{TAG_PREFIX}exit_code": str(self.exit_code),
                f"{TAG_PREFIX}held_back": str(self.held_back), f"{TAG_PREFIX}rejected": str(self.rejected)}

    def record(self) -> dict[str, Any]:
        """The fields run.json carries beside its `outcome`."""
        return {"exit_code": self.exit_code, "held_back": self.held_back, "rejected": self.rejected}


def run_status(outcome: str, quality: dict[str, Any] | None, inputs: list[dict[str, Any]]) -> RunStatus:
    """The status of a run from its outcome, its quality report (quality.json's content, whose summary
    counts held-back reports) and its inputs (every file with its final status)."""
    summary = (quality or {}).get("summary") or {}
    held = summary.get(HELD_BACK)
    if not isinstance(held, int):  # no quality summary: count the files held back instead
        held = len({i.get("report_id") or i.get("name") for i in inputs if i.get("status") in _HELD_STATUSES})
    return RunStatus(outcome, held_back=held, rejected=len(rejected_inputs(inputs)))


def rejected_inputs(inputs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in inputs if i.get("status") in _REJECTED_STATUSES]


def gate_rows(inputs: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The files whose rows stay out of the snapshot (held back, in conflict, rejected), for the report
    gate's table: file, report, status, reason."""
    return [{"file": str(i.get("name") or ""), "report_id": str(i.get("report_id") or ""),
             "status": str(i.get("status")), "reason": str(i.get("reason") or "")}
            for i in inputs if i.get("status") in (*_HELD_STATUSES, *_REJECTED_STATUSES)]


def status_of_record(record: dict[str, Any]) -> RunStatus:
    """The status a run.json (or a manifest's quality and inputs) records; records written before these
    fields existed give their summary's held-back count."""
    held = record.get("held_back")
    if not isinstance(held, int):
        held = ((record.get("summary") or {}).get(HELD_BACK)) or 0
    rejected = record.get("rejected")
    return RunStatus(str(record.get("outcome")), held_back=held,
                     rejected=rejected if isinstance(rejected, int) else 0)
