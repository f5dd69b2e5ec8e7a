"""Each input file's status in a run, as constants (the only place these strings are spelled), the final
status once the quality gate has ruled (published, held back, duplicate, conflict, error, removed), and its
rendering for Dagster metadata and the CLI summary. Pure functions; no I/O.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pipelines.escape import markdown_row

if TYPE_CHECKING:
    from pipelines.inputs.resolve import InputStatus

# What resolving the extractions says of a file ...
EXTRACTED = "extracted"
DUPLICATE = "duplicate"
CONFLICT = "conflict"
ERROR = "error"
# ... what the quality gate then says of an extracted one (and of its report) ...
PUBLISHED = "published"
HELD_BACK = "held_back"
# ... and a file the previous snapshot was built from that is no longer in raw/.
REMOVED = "removed"


def final_input_statuses(
    inputs: list[InputStatus], report_status: dict[str, tuple[str, list[str]]]
) -> list[dict[str, Any]]:
    """Turn 'extracted' into 'published' or 'held_back' using the quality gate's verdict per report."""
    final = []
    for item in inputs:
        row = item.as_dict()
        if item.status == EXTRACTED:
            status, reasons = report_status.get(item.report_id or "", (HELD_BACK, ["not checked"]))
            row["status"] = PUBLISHED if status == PUBLISHED else HELD_BACK
            row["reason"] = "; ".join(reasons)
        final.append(row)
    return final


def hold_back_conflicts(
    report_status: dict[str, tuple[str, list[str]]], inputs: list[InputStatus]
) -> None:
    """A report whose files disagree, or that was read with extraction errors (no usable date, a part
    its family must have missing), never reaches the warehouse: list it as held back with the reason, so
    the verdict and the quality report count it."""
    for item in inputs:
        if item.status == CONFLICT and item.report_id and item.report_id not in report_status:
            report_status[item.report_id] = (HELD_BACK, [f"conflict: {item.reason}"])
        elif item.status == HELD_BACK and item.report_id and item.report_id not in report_status:
            report_status[item.report_id] = (HELD_BACK, [f"extraction: {item.reason}"])


def with_removed(
    current: list[dict[str, Any]], previous: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Add the files the previous snapshot was built from that are no longer in raw/, as 'removed'."""
    names = {row["name"] for row in current}
    removed = [
        {**row, "status": REMOVED, "reason": "no longer in raw/; its rows leave the dataset"}
        for row in previous
        if row["name"] not in names and row.get("status") != REMOVED
    ]
    return sorted(current + removed, key=lambda row: row["name"])


def status_table_markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| file | report | status | reason |", "|---|---|---|---|"]
    for row in rows:
        lines.append(markdown_row([row["name"], row.get("report_id") or "", row["status"],
                                   row.get("reason") or ""]))
    return "\n".join(lines)
