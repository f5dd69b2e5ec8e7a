"""The snapshot's overview page, `index.html`: what the snapshot holds and charts of it, for a reader who
will not write SQL. Self-contained (inline CSS and SVG, no script, nothing fetched), readable on a phone,
and byte-identical for the same tables and version.

Reading the published tables and laying out the page belong here; drawing the charts is
`pipelines.publish.charts`; writing the file is the snapshot's job.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any, Protocol

import pyarrow as pa

from pipelines.publish import charts
from pipelines.publish.manifest import ATTRIBUTION, LICENCE
from pipelines.schema import TABLES
from pipelines.vocabulary import RATING_ORDER

INDEX = "index.html"
MAX_NAMED_CHANGES = 30  # bodies named in the rating-changes chart; past it, those with one change are grouped
DICTIONARY = "data-dictionary.md"
_CSS = """
body{font-family:system-ui,sans-serif;margin:0 auto;padding:0 12px;max-width:820px;line-height:1.4;
color:#1a1a1a;overflow-wrap:anywhere}
h1{font-size:1.5em}h2{font-size:1.2em;margin-top:1.6em}
svg{width:100%;height:auto;display:block}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.4em 0}
td,th{border-bottom:1px solid #ddd;padding:2px 8px;text-align:left}
td.n{text-align:right}
"""


class Columns(Protocol):
    """What the page reads of a table: a `pyarrow.Table`, or a file read a few columns at a time."""

    @property
    def column_names(self) -> list[str]: ...

    def select(self, columns: list[str]) -> pa.Table: ...


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _rows(tables: Mapping[str, Columns], name: str, *columns: str) -> list[dict[str, Any]]:
    """The table's rows as dicts of the named columns only (a table may have a million rows)."""
    if name not in tables:
        return []
    table = tables[name]
    return table.select([c for c in columns if c in table.column_names]).to_pylist()


def _count_table(title: str, counts: Counter[str]) -> str:
    body = "".join(f'<tr><td>{_e(k)}</td><td class="n">{n}</td></tr>'
                   for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return f'<div class="scroll"><table><tr><th>{_e(title)}</th><th>reports</th></tr>{body}</table></div>'


def _by(rows: list[dict[str, Any]], label: str, rating: str) -> tuple[list[str], list[dict[str, int]]]:
    grouped: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        if row.get(rating) in RATING_ORDER:
            grouped[str(row.get(label) or "not named")][row[rating]] += 1
    labels = sorted(grouped)
    return labels, [dict(grouped[k]) for k in labels]


def _standard_labels(standards: list[dict[str, Any]]) -> dict[str, str]:
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for s in standards:
        names[s["standard_code"]][s["standard_name"]] += 1
    return {code: f"{code} {c.most_common(1)[0][0]}" for code, c in names.items()}


def _code_order(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


def _charts(tables: Mapping[str, Columns]) -> list[str]:
    reports = _rows(tables, "reports", "region", "overall_rating")
    standards = _rows(tables, "standards", "standard_code", "standard_name", "rating")
    parts = ["<h2>Overall ratings by region</h2>"]
    labels, counts = _by(reports, "region", "overall_rating")
    parts.append(charts.rating_bars(labels, counts, "Reports by overall rating") if labels
                 else "<p>No report in this snapshot has an overall rating.</p>")
    names = _standard_labels(standards)
    parts.append("<h2>Each standard's ratings across reports</h2>")
    labels, counts = _by(standards, "standard_code", "rating")
    counts_by = dict(zip(labels, counts, strict=True))
    labels = sorted(labels, key=_code_order)
    parts.append(charts.rating_bars([names.get(c, c) for c in labels], [counts_by[c] for c in labels],
                                    "Standards by rating") if labels else "<p>No rated standard.</p>")
    parts.append("<h2>Key-question percentages per standard</h2>")
    pcts: dict[str, list[float]] = defaultdict(list)
    for k in _rows(tables, "key_questions", "standard_code", "yes_pct"):
        if k.get("yes_pct") is not None:
            pcts[k["standard_code"]].append(float(k["yes_pct"]))
    codes = sorted(pcts, key=_code_order)
    parts.append(charts.percentage_strips([names.get(c, c) for c in codes], [sorted(pcts[c]) for c in codes],
                                          "Each dot is a percentage of one or more key questions") if codes
                 else "<p>No key-question percentages.</p>")
    parts.append("<h2>Rating changes between inspections</h2>")
    bodies = {b["body_id"]: b["body_name"] for b in _rows(tables, "bodies", "body_id", "body_name")}
    changes = [h for h in _rows(tables, "rating_history", "body_id", "inspection_no", "publication_month",
                                "previous_report_id", "overall_rating_order", "overall_rating_order_change")
               if h.get("previous_report_id") and h.get("overall_rating_order_change") is not None]
    changes.sort(key=lambda h: (h["body_id"], h["inspection_no"]))
    pairs = [(h["overall_rating_order"] - h["overall_rating_order_change"], h["overall_rating_order"])
             for h in changes]
    if len(changes) > MAX_NAMED_CHANGES:  # one line per kind of change, so the page stays small
        grouped = sorted(Counter(pairs).items())
        parts.append(charts.rating_changes(
            [f"{n} bodies" if n > 1 else "1 body" for _, n in grouped], [p[0] for p, _ in grouped],
            [p[1] for p, _ in grouped], f"Overall rating, previous to latest ({len(changes)} bodies)"))
    elif changes:
        parts.append(charts.rating_changes(
            [f"{bodies.get(h['body_id'], h['body_id'])} ({h['publication_month']:%Y})" for h in changes],
            [a for a, _ in pairs], [b for _, b in pairs], "Overall rating, previous to latest"))
    else:
        parts.append("<p>No body has two rated inspections in this snapshot.</p>")
    return parts


def render_overview(tables: Mapping[str, pa.Table], *, version: str, previous: str | None) -> str:
    """index.html for a snapshot of `tables` (name -> published Arrow table)."""
    return render_overview_of(tables, version=version, previous=previous,
                              row_counts={name: tables[name].num_rows for name in tables})


def render_overview_of(tables: Mapping[str, Columns], *, version: str, previous: str | None,
                       row_counts: Mapping[str, int]) -> str:
    """index.html for a snapshot whose tables are read a few columns at a time (`Columns`), each table's
    row count given (`sections` alone is a gigabyte at 10,000 reports)."""
    reports = _rows(tables, "reports", "publication_month", "body_type", "region")
    months = sorted(r["publication_month"] for r in reports if r.get("publication_month"))
    span = f"{months[0]:%B %Y} to {months[-1]:%B %Y}" if months else "none"
    links = "".join(f'<li><a href="{t.name}.parquet">{t.name}.parquet</a> '
                    f"({row_counts[t.name]} rows) — {_e(t.description)}</li>"
                    for t in TABLES if t.name in tables)
    head = ('<!doctype html><html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>HMIP inspection reports: snapshot {_e(version)}</title>"
            f"<style>{_CSS}</style></head><body>")
    summary = [
        "<h1>HM Inspectorate of Probation inspection reports</h1>",
        f"<p>Snapshot <strong>{_e(version)}</strong>"
        + (f" (previous: {_e(previous)})" if previous else " (the first)")
        + f": {len(reports)} reports published {span}.</p>",
        "<h2>What it holds</h2>",
        _count_table("family", Counter(str(r.get("body_type")) for r in reports)),
        _count_table("region", Counter(str(r.get("region") or "not named") for r in reports)),
    ]
    footer = [
        "<h2>Files</h2><ul>", links,
        f'<li><a href="{DICTIONARY}">Data dictionary</a> (every column)</li>',
        '<li><a href="CHANGES.md">CHANGES.md</a> (what changed since the previous snapshot)</li>',
        '<li><a href="quality.html">Quality report</a> (the checks this snapshot passed)</li>',
        '<li><a href="datapackage.json">datapackage.json</a> (Frictionless Data Package manifest)</li></ul>',
        f'<h2>Licence</h2><p>{_e(ATTRIBUTION)} '
        f'<a href="{_e(LICENCE["path"])}">{_e(LICENCE["title"])}</a>.</p>',
        "</body></html>",
    ]
    return "\n".join([head, *summary, *_charts(tables), *footer]) + "\n"
