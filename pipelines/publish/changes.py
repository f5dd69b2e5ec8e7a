"""`CHANGES.md`: the snapshot diff (from `pipelines.publish.diff`) rendered for people.

Only presentation belongs here; computing the diff does not.
"""

from __future__ import annotations

from typing import Any

from pipelines.escape import markdown_text

MAX_SHOWN = 50  # rows shown per table and kind; diff.json lists more


def _cell(value: Any) -> str:
    return "NULL" if value is None else markdown_text(value)


def _key_text(key: dict[str, Any]) -> str:
    return ", ".join(f"{k}={_cell(v)}" for k, v in key.items())


def _schema_lines(name: str, table: dict[str, Any]) -> list[str]:
    if table["status"] != "present":
        return [f"- `{name}`: table {table['status']}"]
    s = table["schema"]
    lines = [f"- `{name}`: column `{c}` added" for c in s["added_columns"]]
    lines += [f"- `{name}`: column `{c}` removed" for c in s["removed_columns"]]
    lines += [f"- `{name}`: column `{t['column']}` type {t['before']} -> {t['after']}"
              for t in s["type_changes"]]
    lines += [f"- `{name}`: column `{t['column']}` nullable {t['before']} -> {t['after']}"
              for t in s["nullable_changes"]]
    lines += [f"- `{name}`: column `{c}` description changed" for c in s["description_changes"]]
    return lines


def _row_lines(table: dict[str, Any], kind: str) -> list[str]:
    part = table[kind]
    lines = []
    for row in part["rows"][:MAX_SHOWN]:
        line = f"  - {kind}: {_key_text(row['key'])}"
        if kind == "changed":
            line += "; " + "; ".join(
                f"`{c}` {_cell(v['before'])} -> {_cell(v['after'])}" for c, v in row["columns"].items())
        lines.append(line)
    if part["count"] > min(len(part["rows"]), MAX_SHOWN):
        lines.append(f"  - … {part['count'] - min(len(part['rows']), MAX_SHOWN)} more {kind} rows "
                     "(see diff.json, or diff the Parquet files)")
    return lines


def render_changes_markdown(diff: dict[str, Any]) -> str:
    since = f"since `{diff['from']}`" if diff.get("from") else "(first snapshot)"
    summary = diff["summary"]
    lines = [f"# Changes in `{diff.get('to') or 'this snapshot'}` {since}", ""]
    lines += [f"Rows added: {summary['rows_added']}; removed: {summary['rows_removed']}; "
              f"changed: {summary['rows_changed']}.", ""]
    if summary["reports_affected"]:
        lines += ["Reports affected: " + ", ".join(_cell(r) for r in summary["reports_affected"]) + ".", ""]
    lines += ["| table | rows before | rows after | added | removed | changed |", "|---|---|---|---|---|---|"]
    for name, t in diff["tables"].items():
        lines.append(f"| `{name}` | {t['rows_before']} | {t['rows_after']} | {t['added']['count']} | "
                     f"{t['removed']['count']} | {t['changed']['count']} |")
    schema = [line for name, t in diff["tables"].items() for line in _schema_lines(name, t)]
    lines += ["", "## Schema changes", ""] + (schema or ["None."])
    if diff.get("from"):
        lines += ["", "## Rows", ""]
        detail = []
        for name, t in diff["tables"].items():
            rows = [line for kind in ("added", "removed", "changed") for line in _row_lines(t, kind)]
            if rows:
                detail += [f"- `{name}`", *rows]
        lines += detail or ["No row changed."]
    return "\n".join(lines) + "\n"
