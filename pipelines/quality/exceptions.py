"""Accepted exceptions: the reviewed file in which a person accepts one specific failure of one report.

`expectations/accepted_exceptions.json` holds {"exceptions": [...]}, each with report_id, rule
("<table>.<rule>"), reason, accepted_by, accepted_on (ISO date) and optionally `where`, a dict of values
the failing row must have (e.g. {"standard_code": "2.2"}) to accept one row rather than every failure of
that rule in that report. A malformed file raises `ConfigError`, one line per problem: an exception
nobody can read must not publish data. Applying exceptions to results belongs in `gate`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.quality.config import ConfigError, problem, quoted, read_config_json

if TYPE_CHECKING:
    from pipelines.quality.suites import Rule

EXCEPTIONS_FILE = "accepted_exceptions.json"
_REQUIRED = ("report_id", "rule", "reason", "accepted_by", "accepted_on")
_FIELDS = ("report_id", "rule", "where", "reason", "accepted_by", "accepted_on")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


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


def parse_exceptions(payload: Any, origin: Path = Path(EXCEPTIONS_FILE),
                     rules: list[Rule] | None = None) -> list[AcceptedException]:
    """The exceptions of a parsed file; a `ConfigError` with one line per problem (file, entry, field,
    what is wrong) when any entry is malformed. With `rules`, each `rule` must name a row-level rule."""
    if not isinstance(payload, dict) or not isinstance(payload.get("exceptions"), list):
        raise ConfigError([problem(origin, "", "exceptions", 'missing: the file is {"exceptions": [...]}, '
                                   "a list of objects (see expectations/README.md)")])
    by_id = {r.rule_id: r for r in rules} if rules is not None else None
    lines: list[str] = []
    out = []
    for i, entry in enumerate(payload["exceptions"]):
        found = _entry_problems(entry, by_id)
        if not found:
            where = dict(entry.get("where", {}))
            out.append(AcceptedException(**{k: entry[k] for k in _REQUIRED}, where=where))
            continue
        label = f"exceptions[{i}]"
        if isinstance(entry, dict) and isinstance(entry.get("report_id"), str):
            label += f" (report {entry['report_id']})"
        lines += [problem(origin, label, field, what) for field, what in found]
    if lines:
        raise ConfigError(lines)
    return out


def _entry_problems(entry: Any, rules: dict[str, Rule] | None) -> list[tuple[str, str]]:
    """(field, what is wrong) for each problem of one entry."""
    if not isinstance(entry, dict):
        return [("", f"is {quoted(entry)}, not an object with {', '.join(_REQUIRED)}")]
    found = [(k, f"missing; every exception has {', '.join(_REQUIRED)}") for k in _REQUIRED if k not in entry]
    found += [(k, f"{quoted(entry[k])} is not a non-empty string") for k in _REQUIRED
              if k in entry and (not isinstance(entry[k], str) or not entry[k].strip())]
    found += [(k, f"unknown field; the fields are {', '.join(_FIELDS)}") for k in entry if k not in _FIELDS]
    on = entry.get("accepted_on")
    if isinstance(on, str) and on.strip() and not _is_iso_date(on):
        found.append(("accepted_on", f"{quoted(on)} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-01"))
    if "where" in entry and not isinstance(entry["where"], dict):
        found.append(("where", f"{quoted(entry['where'])} is not an object of column values, "
                      'e.g. {"standard_code": "2.3"}'))
    rule = entry.get("rule")
    if isinstance(rule, str) and rule.strip() and (what := _rule_problem(rule, rules)):
        found.append(("rule", what))
    return found


def _is_iso_date(text: str) -> bool:
    if not _ISO_DATE.fullmatch(text):  # fromisoformat alone also takes 20240601 and 2024-W22-6
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _rule_problem(rule: str, rules: dict[str, Rule] | None) -> str:
    """What is wrong with a rule name, else ''."""
    if ":" in rule and "." not in rule:
        fixed = rule.replace(":", ".", 1)
        return f"{quoted(rule)} uses the old colon form; write it table.rule: {quoted(fixed)}"
    table, dot, name = rule.partition(".")
    if not dot or not table or not name:
        return (f"{quoted(rule)} is not written table.rule "
                '(e.g. "standards.rating_is_band_of_lowest_key_question")')
    if rules is None:
        return ""
    if rule not in rules:
        close = difflib.get_close_matches(rule, list(rules), n=1)
        hint = (f"; did you mean {quoted(close[0])}?" if close
                else " (quality.json lists every rule under rules)")
        return f"{quoted(rule)} is not a rule{hint}"
    if rules[rule].level != "row":
        return f"{quoted(rule)} is a table-level rule; only row-level failures can be accepted"
    return ""


def load_exceptions(expectations_dir: Path, rules: list[Rule] | None = None) -> list[AcceptedException]:
    """The accepted exceptions of a suites folder; none when the file does not exist. `ConfigError` when
    it is malformed; with `rules` (the catalogue), also when an exception names no row-level rule."""
    path = expectations_dir / EXCEPTIONS_FILE
    if not path.exists():
        return []
    return parse_exceptions(read_config_json(path), path, rules)
