"""quality.html: one self-contained page (inline CSS and SVG; no scripts, fonts, images or links to fetch).

Opens with the run it belongs to (snapshot version or why nothing was published, run id, time, code and
extractor version) and a banner that counts rejected input files and held-back reports (green only when
there are none); then each report's status with reasons, each rule failure with its values by their
human names, the passage in the report and a copy-ready accepted exception (`report_failures`), a chart
and table of ratings, every rule's result, accepted exceptions and the extraction warnings. Readable from
a 400 px phone to a wide screen: tables become one card per row on narrow screens. Every value is escaped
with `pipelines.escape.html_text`: report text is data, never markup. Input is the quality.json dict
(`QualityResult.to_dict()`), a `RunHeader` and a `PassageLookup`; computing them does not belong here.
"""

from __future__ import annotations

import html
import re
from typing import Any

from pipelines.escape import html_text
from pipelines.quality.passages import PassageLookup
from pipelines.quality.report_failures import human_reasons, rule_failure
from pipelines.quality.report_header import RunHeader
from pipelines.quality.result import BLOCKED, VERDICTS
from pipelines.runs.status import rejected_inputs
from pipelines.vocabulary import RATINGS

_SHORT = {"Outstanding": "O", "Good": "G", "Requires improvement": "RI", "Inadequate": "I"}
_HEADLINES = {verdict: verdict.upper() for verdict in VERDICTS}
_CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,sans-serif;margin:2rem auto;padding:0 2rem;color:#1b1b1b;max-width:80rem;
line-height:1.4}
h1,h2,h3,p,li,td,th,dd,dt,blockquote,pre,code{overflow-wrap:break-word}
.run dd,pre{overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eee}
.run{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0 0 1rem}
.run dt{font-weight:bold}.run dd{margin:0}
.verdict{font-size:1.4rem;font-weight:bold;padding:1rem;border-radius:.4rem;color:#fff;margin:1rem 0}
.verdict-passed{background:#1d7a3a}.verdict-partial{background:#a86300}.verdict-blocked{background:#b00020}
.s-passed,.s-published{color:#1d7a3a}.s-accepted{color:#245c9e}.s-warning{color:#a86300}
.s-duplicate,.s-removed{color:#555}
.s-failed,.s-held_back,.s-blocking,.s-conflict,.s-error{color:#b00020;font-weight:bold}
[class^="r-"]{padding:0 .3em;border-radius:.2em;white-space:nowrap}
.r-Outstanding{background:#1d7a3a;color:#fff}.r-Good{background:#7bc47f}
.r-Requires-improvement{background:#f2c14e}.r-Inadequate{background:#d9534f;color:#fff}
code{font-size:.9em}
.failure{border-left:.3rem solid #b00020;padding:.25rem 0 .25rem .75rem;margin:0 0 1.25rem}
.values th{font-weight:normal}.values code.col{color:#555;font-size:.8em}
.check{color:#555}
blockquote.excerpt{margin:.25rem 0 .5rem;padding:.25rem .75rem;border-left:.2rem solid #bbb;
background:#f6f6f6;font-style:italic}
pre.exception{white-space:pre-wrap;background:#f6f6f6;border:1px solid #bbb;padding:.5rem;font-size:.85em}
svg.chart{max-width:100%;height:auto}
@media (min-width:40.01rem){table.stack td>code{white-space:nowrap}}
@media (max-width:40rem){
body{padding:0 .75rem;margin:.75rem auto}
td,th,code,p,li{overflow-wrap:anywhere}
.values td{overflow-wrap:break-word}.verdict{font-size:1.15rem}
.run{grid-template-columns:1fr}.run dd{margin-bottom:.4rem}
table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack thead{display:none}
table.stack tr{border:1px solid #bbb;margin:0 0 .6rem}
table.stack td{border:0;border-bottom:1px solid #eee}
table.stack td::before{font-weight:bold}
table.stack td:empty{display:none}
}
"""


def _e(value: Any) -> str:
    return html_text(value)


def _table(headers: list[str], rows: list[list[str]], cls: str = "", stack: bool = True) -> str:
    """Cells in `rows` must already be escaped HTML. On narrow screens each row of a `stack` table (its
    `cls` unique in the page) is a card whose cells are labelled with their header (`_card_labels`)."""
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    classes = f"stack {cls}" if stack else cls
    return f'<table class="{_e(classes)}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


_STACKED = re.compile(r'<table class="stack ([\w-]+)"><thead><tr>(.*?)</tr></thead>')


def _css_string(text: str) -> str:
    """`text` as a CSS string whose every character but letters, digits and spaces is a CSS escape, so
    report text (a standard code) can never close the string or the style element."""
    return '"' + "".join(ch if ch.isascii() and (ch.isalnum() or ch == " ") else f"\\{ord(ch):x} "
                         for ch in text) + '"'


def _card_labels(body: str) -> str:
    """CSS that labels each cell of the stacked tables in `body` with its column's header."""
    rules = []
    for cls, head in _STACKED.findall(body):
        for n, header in enumerate(re.findall(r"<th>(.*?)</th>", head), start=1):
            label = _css_string(html.unescape(header) + ": ")
            rules.append(f"table.{cls} td:nth-child({n})::before{{content:{label}}}")
    return "@media (max-width:40rem){" + "".join(rules) + "}"


def _status_cell(status: Any) -> str:
    return f'<span class="s-{_e(status)}">{_e(status)}</span>'


def _rating_cell(rating: Any, short: bool = False) -> str:
    if not rating:
        return ""
    text = _SHORT.get(str(rating), str(rating)) if short else str(rating)
    return f'<span class="r-{_e(str(rating).replace(" ", "-"))}" title="{_e(rating)}">{_e(text)}</span>'


def _header(header: RunHeader | None) -> str:
    if header is None:
        return '<dl class="run" id="run"><dt>Run</dt><dd>not recorded with this report</dd></dl>'
    if header.snapshot:
        snapshot = f'<strong data-snapshot="{_e(header.snapshot)}">{_e(header.snapshot)}</strong>'
    else:
        latest = f"; latest is still {header.latest}" if header.latest else "; there is no snapshot yet"
        snapshot = (f'<strong data-snapshot="">not published</strong>: '
                    f"{_e((header.not_published or 'no reason recorded') + latest)}")
    fingerprint = f", run fingerprint <code>{_e(header.run_fingerprint)}</code>" if header.run_fingerprint \
        else ""
    items = [("Snapshot", snapshot), ("Run", f"<code>{_e(header.run_id)}</code>"),
             ("Time (UTC)", _e(header.time)), ("Code", _e(header.code_version) + fingerprint),
             ("Extractor", _e(header.extractor_version))]
    return '<dl class="run" id="run">' + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items) + "</dl>"


def rejected_files(q: dict[str, Any], issues: list[dict[str, Any]]) -> list[str]:
    """Input files that yielded nothing to publish: refused or unreadable, or no report found in them."""
    names = {str(i.get("name")) for i in rejected_inputs(q.get("inputs", []))}
    names |= {str(i.get("source_file")) for i in issues
              if i.get("severity") == "error" and i.get("report_id") is None}
    return sorted(names)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _verdict(q: dict[str, Any], issues: list[dict[str, Any]]) -> str:
    """The banner: green only when nothing is blocked or held back and no input file was rejected."""
    verdict, s = q.get("verdict", BLOCKED), q.get("summary", {})
    held, reports, rejected = s.get("held_back", 0), s.get("reports", 0), len(rejected_files(q, issues))
    files = f"{_plural(rejected, 'input file')} rejected"
    if verdict == BLOCKED:
        state, head = "blocked", "BLOCKED"
        text = (f"{_plural(len(q.get('blocking_failures', [])), 'blocking failure')}, {files}: "
                "no snapshot is published and latest stays as it was")
    elif held and held >= reports:
        state, head, text = "blocked", "NOTHING PASSED", f"all {reports} reports held back, {files}"
    elif held or rejected:
        state, head = "partial", "PARTIAL"
        text = f"{held} of {reports} reports held back, {files}; the others publish"
    else:
        state, head, text = "passed", "PASSED", f"all {reports} reports publish, no input file rejected"
    return (f'<div id="verdict" class="verdict verdict-{state}" data-verdict="{_e(verdict)}" '
            f'data-state="{state}" data-held-back="{held}" data-rejected="{rejected}">'
            f"{_e(head)}: {_e(text)}</div>")


def _summary(q: dict[str, Any]) -> str:
    rows = [[_e(k.replace("_", " ")), _e(v)] for k, v in q.get("summary", {}).items()]
    out = "<h2>Counts</h2>" + _table(["measure", "count"], rows, "summary", stack=False)
    if q.get("blocking_failures"):
        out += "<h2>Blocking failures</h2><ul>" + "".join(
            f"<li>{_e(b)}</li>" for b in q["blocking_failures"]) + "</ul>"
    return out


def _reports(q: dict[str, Any], reasons: dict[str, list[str]]) -> str:
    rows = []
    for rid, st in q.get("report_status", {}).items():
        items = "".join(f"<li>{_e(r)}</li>" for r in reasons.get(rid, st["reasons"]))
        rows.append([f"<code>{_e(rid)}</code>", _status_cell(st["status"]),
                     f"<ul>{items}</ul>" if items else ""])
    return "<h2>Reports</h2>" + _table(["report", "status", "reasons"], rows, "reports")


def _input_reason(q: dict[str, Any], item: dict[str, Any], reasons: dict[str, list[str]]) -> str:
    """A file's reason, with its report's reasons by human names when the reason is just those."""
    status = q.get("report_status", {}).get(item.get("report_id") or "")
    if status is not None and item.get("reason") == "; ".join(status["reasons"]):
        return "; ".join(reasons.get(item["report_id"], status["reasons"]))
    return str(item.get("reason") or "")


def _inputs(q: dict[str, Any], reasons: dict[str, list[str]]) -> str:
    """Every file in raw/ with its status: duplicates and conflicts have no extraction issue to show them."""
    rows = [[_e(i.get("name")), f"<code>{_e(i.get('report_id'))}</code>" if i.get("report_id") else "",
             _status_cell(i.get("status")), _e(_input_reason(q, i, reasons)),
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
    width = 4 * (bar_w + 10) + 10
    return (f'<svg class="chart" role="img" aria-label="overall ratings across reports" width="{width}" '
            f'height="{height + 50}" viewBox="0 0 {width} {height + 50}" xmlns="http://www.w3.org/2000/svg">'
            f'{"".join(bars)}</svg>')


def _rules(q: dict[str, Any], passages: PassageLookup | None, accepted_on: str) -> tuple[str, str]:
    """The rule failures, and the table of every rule."""
    rows, details = [], []
    for r in q.get("rules", []):
        rows.append([_e(r["table"]), f"<code>{_e(r['name'])}</code>", _e(r["severity"]), _e(r["level"]),
                     _status_cell(r.get("status")), _e(r["unexpected_count"]),
                     _e(r["description"])])
        if r["failing_rows"] or r["errors"] or r["details"]:
            details.append(rule_failure(r, passages, accepted_on))
    failures = "<h2>Rule failures</h2>" + ("".join(details) or "<p>None.</p>")
    return failures, "<h2>All rules</h2>" + _table(
        ["table", "rule", "severity", "level", "status", "unexpected", "description"], rows, "rules")


def _issue_where(issue: dict[str, Any], passages: PassageLookup | None) -> str:
    if passages is None or issue.get("report_id") is None or not isinstance(issue.get("char_start"), int):
        return ""
    found = passages.at(issue["report_id"], issue["char_start"])
    if found is None:
        return ""
    return f'{_e(found.where())}: <q class="excerpt">{_e(found.excerpt)}</q>'


def _issues(issues: list[dict[str, Any]], unused: list[dict[str, Any]],
            passages: PassageLookup | None) -> str:
    rows = [[_e(i.get("severity")), _e(i.get("source_file")), _e(i.get("report_id")), _e(i.get("code")),
             _e(i.get("message")), _issue_where(i, passages)] for i in issues]
    out = "<h2>Extraction warnings and errors</h2>"
    out += _table(["severity", "file", "report", "code", "message", "where"], rows, "issues") if rows \
        else "<p>None.</p>"
    if unused:
        out += "<h2>Accepted exceptions that matched no failure</h2>" + _table(
            ["report", "rule", "accepted by", "reason"],
            [[_e(u["report_id"]), _e(u["rule"]), _e(u["accepted_by"]), _e(u["reason"])] for u in unused],
            "unused")
    return out


def render_quality_html(quality: dict[str, Any], extraction_issues: list[dict[str, Any]] | None = None, *,
                        header: RunHeader | None = None, passages: PassageLookup | None = None) -> str:
    """The quality report page; `extraction_issues` replaces the issues inside `quality` when given.
    The same arguments always give the same bytes."""
    issues = quality.get("extraction_issues", []) if extraction_issues is None else extraction_issues
    accepted_on = header.time[:10] if header is not None else ""
    failures, all_rules = _rules(quality, passages, accepted_on)
    reasons = human_reasons(quality)
    body = (_header(header) + _verdict(quality, issues) + _reports(quality, reasons) + failures
            + _inputs(quality, reasons)
            + _summary(quality) + _ratings(quality) + all_rules
            + _issues(issues, quality.get("unused_exceptions", []), passages))
    title = _HEADLINES.get(quality.get("verdict", ""), "")
    if header is not None:
        title += f" ({header.snapshot or 'not published'})"
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>Quality report: {_e(title)}</title>"
            f"<style>{_CSS}{_card_labels(body)}</style></head>"
            f"<body><h1>Quality report</h1>{body}</body></html>\n")
