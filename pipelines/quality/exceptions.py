"""Accepted exceptions: the reviewed file in which a person accepts one specific failure of one report.

`expectations/accepted_exceptions.json` holds {"exceptions": [...]}, each with report_id, rule
("<table>.<rule>"), reason, accepted_by, accepted_on (ISO date) and optionally `where`, a dict of values
the failing row must have (e.g. {"standard_code": "2.2"}) to accept one row rather than every failure of
that rule in that report. A malformed file raises: an exception nobody can read must not publish data.
Applying exceptions to results belongs in `gate`.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

EXCEPTIONS_FILE = "accepted_exceptions.json"
_REQUIRED = ("report_id", "rule", "reason", "accepted_by", "accepted_on")


@dataclass(frozen=True)
class AcceptedException:
    report_id: str
    rule: str  # "<table>.<rule>"
    reason: str
    accepted_by: str
    accepted_on: str  # ISO date
    where: dict[str, Any] = field(default_factory=dict)

    def covers(self, rule_id: str, row: dict[str, Any]) -> bool:
        """Whether this exception accepts a failing row (report_id, values) of a rule."""
        if rule_id != self.rule or row.get("report_id") != self.report_id:
            return False
        values = row.get("values", {})
        return all(values.get(k) == v for k, v in self.where.items())

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_exceptions(payload: dict[str, Any], origin: str = EXCEPTIONS_FILE) -> list[AcceptedException]:
    entries = payload.get("exceptions")
    if not isinstance(entries, list):
        raise ValueError(f"{origin}: expected an object with a list under 'exceptions'")
    out = []
    for i, entry in enumerate(entries):
        missing = [k for k in _REQUIRED if not isinstance(entry.get(k), str) or not entry[k].strip()]
        if missing:
            raise ValueError(f"{origin}: exception {i} lacks {', '.join(missing)}")
        try:
            dt.date.fromisoformat(entry["accepted_on"])
        except ValueError as exc:
            raise ValueError(f"{origin}: exception {i}: accepted_on is not an ISO date") from exc
        where = entry.get("where", {})
        if not isinstance(where, dict):
            raise ValueError(f"{origin}: exception {i}: 'where' must be an object")
        unknown = set(entry) - set(_REQUIRED) - {"where"}
        if unknown:
            raise ValueError(f"{origin}: exception {i} has unknown fields {sorted(unknown)}")
        out.append(AcceptedException(**{k: entry[k] for k in _REQUIRED}, where=dict(where)))
    return out


def load_exceptions(expectations_dir: Path) -> list[AcceptedException]:
    """The accepted exceptions of a suites folder; none when the file does not exist."""
    path = expectations_dir / EXCEPTIONS_FILE
    if not path.exists():
        return []
    return parse_exceptions(json.loads(path.read_text(encoding="utf-8")), path.name)
