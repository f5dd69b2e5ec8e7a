"""The outcome of a quality run as data: each rule's result, each report's status, the blocking failures.

`QualityResult.to_dict()` is the content of quality.json (JSON-serialisable, deterministic ordering) and
`from_dict` reads it back. Computing a result belongs in `run`/`gate`; rendering it in `report_html`.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass, field
from typing import Any

from pipelines.inputs.statuses import HELD_BACK, PUBLISHED

FORMAT_VERSION = 1
# A quality run's verdict: nothing publishes, some reports are held back, or all publish.
BLOCKED, PARTIAL, PASSED = "blocked", "partial", "passed"
VERDICTS = (PASSED, PARTIAL, BLOCKED)


def plain(value: Any) -> Any:
    """A JSON-safe Python value: dates as ISO strings, NaN as None, numpy scalars as Python ones."""
    if value is None:
        return None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


@dataclass
class RuleResult:
    """One rule's result. `passed` counts failures accepted in the exceptions file as passed."""

    table: str
    name: str
    severity: str  # error | warning
    level: str  # row | table
    description: str
    passed: bool
    blocking: bool = False  # a failure that stops the whole snapshot
    unexpected_count: int = 0
    failing_rows: list[dict[str, Any]] = field(default_factory=list)  # report_id, check, values, accepted
    accepted: list[dict[str, Any]] = field(default_factory=list)  # the exceptions that applied
    errors: list[str] = field(default_factory=list)  # why the rule could not be evaluated
    details: list[str] = field(default_factory=list)  # what table-level expectations observed

    @property
    def rule_id(self) -> str:
        return f"{self.table}.{self.name}"

    @property
    def status(self) -> str:
        """passed | accepted | warning | failed | blocking, for people."""
        if self.passed:
            return "accepted" if self.accepted else "passed"
        if self.blocking:
            return "blocking"
        return "warning" if self.severity == "warning" else "failed"


@dataclass
class QualityResult:
    rules: list[RuleResult]
    report_status: dict[str, tuple[str, list[str]]]
    blocking_failures: list[str] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)  # ratings per report, for the report's chart
    extraction_issues: list[dict[str, Any]] = field(default_factory=list)
    unused_exceptions: list[dict[str, Any]] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """blocked (nothing publishes), partial (some reports held back) or passed."""
        if self.blocking_failures:
            return BLOCKED
        if any(status == HELD_BACK for status, _ in self.report_status.values()):
            return PARTIAL
        return PASSED

    def published_report_ids(self) -> list[str]:
        if self.blocking_failures:
            return []
        return sorted(r for r, (status, _) in self.report_status.items() if status == PUBLISHED)

    def summary(self) -> dict[str, int]:
        statuses = [r.status for r in self.rules]
        held = sum(1 for s, _ in self.report_status.values() if s == HELD_BACK)
        return {
            "reports": len(self.report_status),
            PUBLISHED: len(self.report_status) - held,
            HELD_BACK: held,
            "rules": len(self.rules),
            "rules_passed": statuses.count("passed") + statuses.count("accepted"),
            "rules_accepted": statuses.count("accepted"),
            "rules_failed": statuses.count("failed"),
            "rules_warning": statuses.count("warning"),
            "rules_blocking": statuses.count("blocking"),
            "extraction_errors": sum(1 for i in self.extraction_issues if i.get("severity") == "error"),
            "extraction_warnings": sum(1 for i in self.extraction_issues if i.get("severity") != "error"),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "verdict": self.verdict,
            "summary": self.summary(),
            "blocking_failures": list(self.blocking_failures),
            "report_status": {rid: {"status": s, "reasons": list(reasons)}
                              for rid, (s, reasons) in sorted(self.report_status.items())},
            "rules": [{**asdict(r), "rule": r.rule_id, "status": r.status} for r in self.rules],
            "reports": self.reports,
            "extraction_issues": self.extraction_issues,
            "unused_exceptions": self.unused_exceptions,
        }

    @classmethod
    def from_dict(cls, payload: dict[str, Any]) -> QualityResult:
        if payload.get("format_version") != FORMAT_VERSION:
            raise ValueError(f"unsupported quality format {payload.get('format_version')!r}")
        fields = set(RuleResult.__dataclass_fields__)
        return cls(
            rules=[RuleResult(**{k: v for k, v in r.items() if k in fields}) for r in payload["rules"]],
            report_status={rid: (v["status"], list(v["reasons"]))
                           for rid, v in payload["report_status"].items()},
            blocking_failures=list(payload["blocking_failures"]),
            reports=list(payload.get("reports", [])),
            extraction_issues=list(payload.get("extraction_issues", [])),
            unused_exceptions=list(payload.get("unused_exceptions", [])),
        )
