"""quality.html: one self-contained page (inline CSS and SVG; no scripts, fonts, images or links to fetch).

Shows the verdict at a glance, each report's status with reasons, a chart and table of ratings across
reports, each rule's result with its failing rows, accepted exceptions and the extraction warnings.
Every value is escaped with `pipelines.escape.html_text`: report text is data, never markup. Input is the
quality.json dict (`QualityResult.to_dict()`); computing it does not belong here.
"""

from __future__ import annotations

from typing import Any

from pipelines.escape import html_text
from pipelines.quality.result import BLOCKED, PARTIAL, VERDICTS
from pipelines.vocabulary import RATINGS

MAX_ROWS_PER_RULE = 200
_SHORT = {"Outstanding": "O", "Good": "G", "Requires improvement": "RI", "Inadequate": "I"}
_HEADLINES = {verdict: verdict.upper() for verdict in VERDICTS}
_CSS = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b;max-width:80rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}
.verdict{font-size:1.6rem;font-weight:bold;padding:1rem;border-radius:.4rem;color:#fff}
.verdict-passed{background:#1d7a3a}.verdict-partial{background:#a86300}.verdict-blocked{background:#b00020}
.s-passed,.s-published{color:#1d7a3a}.s-accepted{color:#245c9e}.s-warning{color:#a86300}
.s-duplicate,.s-removed{color:#555}
.s-failed,.s-held_back,.s-blocking,.s-conflict,.s-error{color:#b00020;font-weight:bold}
[class^="r-"]{padding:0 .3em;border-radius:.2em;white-space:nowrap}
.r-Outstanding{background:#1d7a3a;color:#fff}.r-Good{background:#7bc47f}
.r-Requires-improvement{background:#f2c14e}.r-Inadequate{background:#d9534f;color:#fff}
code{font-size:.9em}
"""


def _e(value: Any) -> str:
    return html_text(value)


def _table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    """Cells in `rows` must already be escaped HTML."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{_e(cls)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _status_cell(status: Any) -> str:
    return f'<span class="s-{_e(status)}">{_e(status)}</span>'


def _rating_cell(rating: Any, short: bool = False) -> str:
    if not rating:
        return ""
    text = _SHORT.get(str(rating), str(rating)) if short else str(rating)
    return f'<span class="r-{_e(str(rating).replace(" ", "-"))}" title="{_e(rating)}">{_e(text)}</span>'


def _verdict(q: dict[str, Any]) -> str:
    verdict, s = q.get("verdict", BLOCKED), q.get("summary", {})
    if verdict == BLOCKED:
        text = (f"{len(q.get('blocking_failures', []))} blocking failure(s): "
                "no snapshot is published and latest stays as it was")
    elif verdict == PARTIAL:
        text = f"{s.get('held_back', 0)} of {s.get('reports', 0)} reports held back; the others publish"
    else:
        text = f"all {s.get('reports', 0)} reports publish"
    return (f'<div id="verdict" class="verdict verdict-{_e(verdict)}" data-verdict="{_e(verdict)}">'
            f"{_e(_HEADLINES.get(verdict, verdict))}: {_e(text)}</div>")


def _summary(q: dict[str, Any]) -> str:
    rows = [[_e(k.replace("_", " ")), _e(v)] for k, v in q.get("summary", {}).items()]
    out = _table(["measure", "count"], rows, "summary")
    if q.get("blocking_failures"):
        out += "<h2>Blocking failures</h2><ul>" + "".join(
            f"<li>{_e(b)}</li>" for b in q["blocking_failures"]) + "</ul>"
    return out


def _reports(q: dict[str, Any]) -> str:
    rows = []
    for rid, st in q.get("report_status", {}).items():
        items = "".join(f"<li>{_e(r)}</li>" for r in st["reasons"])
        rows.append([f"<code>{_e(rid)}</code>", _status_cell(st["status"]),
                     f"<ul>{items}</ul>" if items else ""])
    return "<h2>Reports</h2>" + _table(["report", "status", "reasons"], rows, "reports")


def _inputs(q: dict[str, Any]) -> str:
    """Every file in raw/ with its status: duplicates and conflicts have no extraction issue to show them."""
    rows = [[_e(i.get("name")), f"<code>{_e(i.get('report_id'))}</code>" if i.get("report_id") else "",
             _status_cell(i.get("status")), _e(i.get("reason")),
             f"<code>{_e(str(i.get('sha256') or '')[:12])}</code>"]
            for i in q.get("inputs", [])]
    if not rows:
        return ""
    return "<h2>Input files</h2>" + _table(["file", "report", "status", "reason", "sha256"], rows, "inputs")


def _ratings(q: dict[str, Any]) -> str:
    reports = q.get("reports", [])
    status = {rid: st["status"] for rid, st in q.get("report_status", {}).items()}
    codes = sorted({c for r in reports for c in r.get("standards", {})})
    rows = [[f"<code>{_e(r.get('report_id'))}</code>", _e(r.get("inspected_body")),
             _status_cell(status.get(r.get("report_id"))),
             _rating_cell(r.get("overall_rating")), _e(f"{r.get('score')}/{r.get('score_max')}")]
            + [_rating_cell(r.get("standards", {}).get(c), short=True) for c in codes] for r in reports]
    table = _table(["report", "body", "status", "overall", "score", *codes], rows, "ratings")
    legend = "<p>" + ", ".join(f"{_rating_cell(k, short=True)} {_e(k)}" for k in _SHORT) + "</p>"
    return "<h2>Ratings across reports</h2>" + _chart(reports) + table + legend


def _chart(reports: list[dict[str, Any]]) -> str:
    """An inline SVG bar chart: how many reports have each overall rating."""
    counts = [sum(1 for r in reports if r.get("overall_rating") == rating) for rating in RATINGS]
    top, bar_w, height = max(counts + [1]), 150, 120
    colours = ["#1d7a3a", "#7bc47f", "#f2c14e", "#d9534f"]
    bars = []
    for i, (rating, n, colour) in enumerate(zip(RATINGS, counts, colours, strict=True)):
        h = round(height * n / top)
        x = 10 + i * (bar_w + 10)
        bars.append(f'<rect x="{x}" y="{20 + height - h}" width="{bar_w}" height="{h}" fill="{colour}"/>'
                    f'<text x="{x + bar_w / 2}" y="{15 + height - h}" text-anchor="middle">{n}</text>'
                    f'<text x="{x + bar_w / 2}" y="{height + 38}" text-anchor="middle">{_e(rating)}</text>')
    return (f'<svg role="img" aria-label="overall ratings across reports" width="{4 * (bar_w + 10) + 10}" '
            f'height="{height + 50}" xmlns="http://www.w3.org/2000/svg">{"".join(bars)}</svg>')


def _rules(q: dict[str, Any]) -> str:
    rows, details = [], []
    for r in q.get("rules", []):
        rows.append([_e(r["table"]), f"<code>{_e(r['name'])}</code>", _e(r["severity"]), _e(r["level"]),
                     _status_cell(r.get("status")), _e(r["unexpected_count"]),
                     _e(r["description"])])
        if r["failing_rows"] or r["errors"] or r["details"]:
            details.append(_rule_detail(r))
    failures = "<h2>Rule failures</h2>" + ("".join(details) or "<p>None.</p>")
    return failures + "<h2>All rules</h2>" + _table(
        ["table", "rule", "severity", "level", "status", "unexpected", "description"], rows, "rules")


def _rule_detail(r: dict[str, Any]) -> str:
    out = f'<h3 id="rule-{_e(r["rule"])}">{_e(r["rule"])}: {_e(r["status"])}</h3>'
    out += "".join(f"<p>{_e(m)}</p>" for m in r["errors"] + r["details"])
    shown = r["failing_rows"][:MAX_ROWS_PER_RULE]
    rows = [[f"<code>{_e(f['report_id'])}</code>", _e(f["check"]),
             _e(", ".join(f"{k}={v}" for k, v in f["values"].items())), "accepted" if f["accepted"] else ""]
            for f in shown]
    if rows:
        out += _table(["report", "check", "values", "accepted"], rows, "failing-rows")
    if len(r["failing_rows"]) > len(shown):
        out += f"<p>{len(r['failing_rows']) - len(shown)} more rows in quality.json</p>"
    for exc in r.get("accepted", []):
        out += (f"<p>Accepted for <code>{_e(exc['report_id'])}</code> by {_e(exc['accepted_by'])} on "
                f"{_e(exc['accepted_on'])}: {_e(exc['reason'])}</p>")
    return out


def _issues(issues: list[dict[str, Any]], unused: list[dict[str, Any]]) -> str:
    rows = [[_e(i.get("severity")), _e(i.get("source_file")), _e(i.get("report_id")), _e(i.get("code")),
             _e(i.get("message")), _e(i.get("char_start"))] for i in issues]
    out = "<h2>Extraction warnings and errors</h2>"
    out += _table(["severity", "file", "report", "code", "message", "offset"], rows, "issues") if rows \
        else "<p>None.</p>"
    if unused:
        out += "<h2>Accepted exceptions that matched no failure</h2>" + _table(
            ["report", "rule", "accepted by", "reason"],
            [[_e(u["report_id"]), _e(u["rule"]), _e(u["accepted_by"]), _e(u["reason"])] for u in unused])
    return out


def render_quality_html(quality: dict[str, Any],
                        extraction_issues: list[dict[str, Any]] | None = None) -> str:
    """The quality report page; `extraction_issues` replaces the issues inside `quality` when given."""
    issues = quality.get("extraction_issues", []) if extraction_issues is None else extraction_issues
    body = (_verdict(quality) + _summary(quality) + _reports(quality) + _inputs(quality) + _ratings(quality)
            + _rules(quality)
            + _issues(issues, quality.get("unused_exceptions", [])))
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Quality report: {_e(_HEADLINES.get(quality.get('verdict', ''), ''))}</title>"
            f"<style>{_CSS}</style></head><body><h1>Quality report</h1>{body}</body></html>\n")
