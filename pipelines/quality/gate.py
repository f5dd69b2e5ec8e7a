"""The gate: what each rule's GX outcomes mean for the run and for each report.

- A rule that could not be evaluated (GX missing, an exception, a missing column or source) blocks the
  whole snapshot, as does a failed table-level error rule (schema, duplicate keys) and a row-level error
  rule whose failing rows cannot be attributed to a report.
- A failed row-level error rule holds back the reports of its failing rows; everything else publishes.
- A failing row accepted in the exceptions file counts as passed and is shown as accepted.
- Warning rules never hold anything back.
Reading data and running GX do not belong here.
"""

from __future__ import annotations

from typing import Any

import pyarrow as pa

from pipelines.quality.exceptions import AcceptedException
from pipelines.quality.gx_runner import Outcome
from pipelines.quality.result import HELD_BACK, PUBLISHED, RuleResult, plain
from pipelines.quality.sources import Sources
from pipelines.quality.suites import Check, Rule
from pipelines.schema import TABLES_BY_NAME


def evaluate_rule(rule: Rule, outcomes: dict[str, Outcome], sources: Sources,
                  exceptions: list[AcceptedException]) -> tuple[RuleResult, set[int]]:
    """The rule's result, and the indexes of the exceptions it used."""
    result = RuleResult(rule.table, rule.name, rule.severity, rule.level, rule.description, passed=False)
    unattributed = False
    for i, check in enumerate(rule.checks):
        outcome = outcomes.get(f"{rule.rule_id}#{i}")
        if check.source in sources.errors:
            result.errors.append(sources.errors[check.source])
        elif outcome is None:
            result.errors.append(f"{check.describe()}: not evaluated")
        elif outcome.error:
            result.errors.append(f"{check.describe()}: {outcome.error}")
        elif not outcome.success:
            result.unexpected_count += max(outcome.unexpected_count, len(outcome.unexpected_rows))
            if outcome.unexpected_rows:
                result.failing_rows += _rows(check, sources.data[check.source], outcome.unexpected_rows)
            else:
                unattributed = True
                result.details.append(f"{check.describe()}: {outcome.detail or 'failed'}")
    used: set[int] = set()
    if rule.level == "row":
        for row in result.failing_rows:
            for n, exc in enumerate(exceptions):
                if exc.covers(rule.rule_id, row):
                    row["accepted"] = True
                    used.add(n)
    result.accepted = [exceptions[n].as_dict() for n in sorted(used)]
    open_rows = [r for r in result.failing_rows if not r["accepted"]]
    unattributed = unattributed or any(r["report_id"] is None for r in open_rows)
    result.passed = not result.errors and not open_rows and not unattributed
    is_error = rule.severity == "error"
    result.blocking = bool(result.errors) or (
        not result.passed and is_error and (rule.level == "table" or unattributed))
    return result, used


def _rows(check: Check, data: pa.Table, positions: list[int]) -> list[dict[str, Any]]:
    """Failing rows as {report_id, check, values, accepted}.

    A table's rows show its key and the checked columns; a check view's rows show all its columns."""
    table = TABLES_BY_NAME.get(check.source)
    if table is not None:
        wanted = [c for c in ("report_id", *table.key, *check.columns) if c in data.column_names]
        columns = list(dict.fromkeys(wanted))
    else:
        columns = data.column_names
    picked = data.select(columns).take(pa.array(positions, type=pa.int64())).to_pylist()
    text = check.describe()
    return [{"report_id": plain(row.get("report_id")), "check": text,
             "values": {k: plain(v) for k, v in row.items() if k != "report_id"}, "accepted": False}
            for row in picked]


def describe_row(row: dict[str, Any]) -> str:
    values = ", ".join(f"{k}={v}" for k, v in row["values"].items())
    return f"{row['check']} ({values})" if values else row["check"]


def report_status(results: list[RuleResult], report_ids: list[str]) -> dict[str, tuple[str, list[str]]]:
    """published or held_back per report, with the reasons: failing error rows, then accepted ones."""
    held: dict[str, list[str]] = {}
    notes: dict[str, list[str]] = {}
    for res in results:
        holds = res.severity == "error" and res.level == "row" and not res.errors
        for row in res.failing_rows:
            rid = row["report_id"]
            if rid is None:
                continue
            if row["accepted"]:
                notes.setdefault(rid, []).append(f"accepted exception {res.rule_id}: {describe_row(row)}")
            elif holds:
                held.setdefault(rid, []).append(f"{res.rule_id}: {describe_row(row)}")
            elif res.severity == "error":
                notes.setdefault(rid, []).append(f"blocking {res.rule_id}: {describe_row(row)}")
            else:
                notes.setdefault(rid, []).append(f"warning {res.rule_id}: {describe_row(row)}")
    status: dict[str, tuple[str, list[str]]] = {}
    for rid in sorted(set(report_ids) | set(held)):
        if rid in held:
            status[rid] = (HELD_BACK, held[rid])
        else:
            status[rid] = (PUBLISHED, notes.get(rid, []))
    return status


def blocking_failures(results: list[RuleResult]) -> list[str]:
    out = []
    for res in results:
        if not res.blocking:
            continue
        why = res.errors or res.details or [f"{len(res.failing_rows)} failing rows"]
        if not res.errors and not res.details and any(r["report_id"] is None for r in res.failing_rows):
            why = ["failing rows without a report_id"]
        out.append(f"{res.rule_id}: {why[0]}" + (f" (+{len(why) - 1} more)" if len(why) > 1 else ""))
    return out
