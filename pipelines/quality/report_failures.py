"""The "Rule failures" part of quality.html: for each failing row, the human names of its values
(`labels`), where its passage is in the report with an excerpt (`passages`), and a copy-ready entry for
`expectations/accepted_exceptions.json` in the exact format `exceptions.parse_exceptions` reads.

Returns escaped HTML (`pipelines.escape.html_text`); the page around it is `report_html`.
"""

from __future__ import annotations

import json
from typing import Any

from pipelines.escape import html_text as _e
from pipelines.quality.labels import label
from pipelines.quality.passages import PassageLookup
from pipelines.schema import TABLES

MAX_ROWS_PER_RULE = 200
# The values that say which row failed (every table's key columns), not what was measured: an accepted
# exception's `where` names these, so it accepts this failure and no other.
IDENTIFYING = frozenset(c for t in TABLES for c in t.key) - {"report_id"}


def exception_entry(rule_id: str, row: dict[str, Any], accepted_on: str) -> dict[str, Any]:
    """An accepted_exceptions.json entry accepting exactly this failing row. `reason` and `accepted_by`
    are left empty for the reviewer: the exceptions file refuses an entry until both are filled in."""
    where = {k: v for k, v in row.get("values", {}).items() if k in IDENTIFYING}
    entry: dict[str, Any] = {"report_id": row["report_id"], "rule": rule_id}
    if where:
        entry["where"] = where
    entry.update(reason="", accepted_by="", accepted_on=accepted_on)
    return entry


def _values(rule_table: str, values: dict[str, Any]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{_e(label(k, rule_table))} <code class="col">{_e(k)}</code></th>'
        f"<td>{_e(_shown(v))}</td></tr>" for k, v in values.items())
    return f'<table class="values"><tbody>{rows}</tbody></table>' if rows else ""


def _shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _where(passages: PassageLookup | None, row: dict[str, Any]) -> str:
    found = passages.find(row.get("report_id"), row.get("values", {})) if passages else None
    if found is None:
        return ""
    return (f'<p class="where"><strong>Where:</strong> {_e(found.where())}</p>'
            f'<blockquote class="excerpt">{_e(found.excerpt)}</blockquote>')


def _row(r: dict[str, Any], row: dict[str, Any], passages: PassageLookup | None, accepted_on: str) -> str:
    rid = row.get("report_id")
    if row.get("accepted"):
        state = "accepted (counts as passed)"
    elif r["severity"] == "warning":
        state = "warning (nothing is held back)"
    elif r.get("blocking") or rid is None:
        state = "blocks the snapshot"
    else:
        state = "holds the report back"
    out = (f'<div class="failure" data-rule="{_e(r["rule"])}">'
           f'<p><strong>Report</strong> <code>{_e(rid if rid is not None else "(none)")}</code>: '
           f'{_e(state)}. <span class="check">Check: <code>{_e(row.get("check"))}</code></span></p>'
           + _values(r["table"], row.get("values", {})) + _where(passages, row))
    if (not row.get("accepted") and rid is not None and r["level"] == "row" and r["severity"] == "error"
            and not r.get("errors")):
        entry = json.dumps(exception_entry(r["rule"], row, accepted_on), indent=2, ensure_ascii=False)
        out += ("<p>To accept this failure, add this to the <code>exceptions</code> list of "
                "<code>expectations/accepted_exceptions.json</code> and fill in <code>reason</code> and "
                "<code>accepted_by</code> (the file is refused while they are empty):</p>"
                f'<pre class="exception">{_e(entry)}</pre>')
    return out + "</div>"


def rule_failure(r: dict[str, Any], passages: PassageLookup | None, accepted_on: str) -> str:
    """One rule's failure: its description, errors, and each failing row (up to MAX_ROWS_PER_RULE)."""
    out = (f'<section class="rule-failure" id="rule-{_e(r["rule"])}"><h3><code>{_e(r["rule"])}</code>: '
           f'<span class="s-{_e(r["status"])}">{_e(r["status"])}</span></h3>'
           f"<p>{_e(r['description'])}</p>")
    out += "".join(f"<p>{_e(m)}</p>" for m in r["errors"] + r["details"])
    shown = r["failing_rows"][:MAX_ROWS_PER_RULE]
    out += "".join(_row(r, row, passages, accepted_on) for row in shown)
    if len(r["failing_rows"]) > len(shown):
        out += f"<p>{len(r['failing_rows']) - len(shown)} more rows in quality.json</p>"
    for exc in r.get("accepted", []):
        out += (f"<p>Accepted for <code>{_e(exc['report_id'])}</code> by {_e(exc['accepted_by'])} on "
                f"{_e(exc['accepted_on'])}: {_e(exc['reason'])}</p>")
    return out + "</section>"


def _row_reason(r: dict[str, Any], row: dict[str, Any]) -> str:
    """A failing row as one line for its report, its values by their human names."""
    if row.get("accepted"):
        prefix = "accepted exception "
    elif r["severity"] == "warning":
        prefix = "warning "
    elif r.get("errors") or r["level"] != "row":
        prefix = "blocking "
    else:
        prefix = ""
    values = ", ".join(f"{label(k, r['table'])} {_shown(v)}" for k, v in row.get("values", {}).items())
    return f"{prefix}{r['rule']}: {values}" if values else f"{prefix}{r['rule']}"


def human_reasons(quality: dict[str, Any]) -> dict[str, list[str]]:
    """Each report's reasons with the rules' values by their human names: a reason that names a rule
    with failing rows of that report is replaced by those rows; the others (a conflict, an extraction
    error) stay as they are."""
    by_report: dict[str, list[str]] = {}
    rules_of: dict[str, set[str]] = {}
    for r in quality.get("rules", []):
        for row in r.get("failing_rows", []):
            if row.get("report_id") is not None:
                by_report.setdefault(row["report_id"], []).append(_row_reason(r, row))
                rules_of.setdefault(row["report_id"], set()).add(r["rule"])
    out = {}
    for rid, status in quality.get("report_status", {}).items():
        named = rules_of.get(rid, set())
        kept = [reason for reason in status["reasons"]
                if not any(f"{rule}: " in reason for rule in named)]
        out[rid] = by_report.get(rid, []) + kept
    return out
