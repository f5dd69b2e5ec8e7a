"""Where in a report a failing row's passage is, for a reviewer: the PDF page, the section and the line
within it, and a short excerpt of the text, computed from the working tables (`sections` holds the text,
every extracted table its `char_start` and `page_no`), never a bare character offset.

A failing row is traced by what it names: a `char_start` (extraction issues, quotes, sections), else the
key of a table that records a span (a finding, key question, recommendation or standard), else, for a
rule about a whole report, the line its values were read from on the ratings page ("Score 8/27",
"Overall rating"). `located_passages` finds, ahead of rendering, exactly the passages the quality report
asks for, reading the working tables a bounded chunk of reports at a time (a run whose every report has a
placed warning would otherwise hold the whole warehouse's text). What is shown, and how, belongs in
`report_html`.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Protocol

import duckdb

from pipelines.warehouse.db import release_buffers

EXCERPT_CHARS = 160
CHUNK_REPORTS = 50  # reports whose sections and spans are held at once by `located_passages`
# Tables with a source span, most specific first: a row's values are matched against each one's key.
_SPAN_TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("findings", ("standard_code", "section", "kind", "finding_no")),
    ("key_questions", ("standard_code", "question_no")),
    ("recommendations", ("recommendation_no",)),
    ("standards", ("standard_code",)),
)
# For a whole report's rule: the line of the ratings page its value is read from.
_REPORT_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("score", re.compile(r"^Score\b", re.MULTILINE | re.IGNORECASE)),
    ("overall_rating", re.compile(r"^Overall rating\b", re.MULTILINE | re.IGNORECASE)),
    ("leadership_rating", re.compile(r"^1\.1\.?\s", re.MULTILINE)),
)


@dataclass(frozen=True)
class Passage:
    section: str  # the section's path of headings
    line: int  # line within the section, from 1 (its heading)
    page_no: int | None  # PDF page; None for formats without pages
    excerpt: str

    def where(self) -> str:
        """'page 4, section Ratings, line 7' (PDF) or 'section Ratings, line 7'."""
        page = f"page {self.page_no}, " if self.page_no is not None else ""
        return f"{page}section \u2018{self.section}\u2019, line {self.line}"


class PassageLookup(Protocol):
    """What the quality report's renderers ask: a failing row's passage, or the passage at an offset."""

    def find(self, report_id: str | None, values: dict[str, Any]) -> Passage | None: ...

    def at(self, report_id: str, offset: int, page_no: int | None = None) -> Passage | None: ...


@dataclass(frozen=True)
class _Section:
    start: int
    end: int
    level: int
    path: str
    heading: str
    text: str


class Passages:
    """The passages of some reports, read once from the working tables."""

    def __init__(self, sections: dict[str, list[_Section]], spans: dict[str, list[dict[str, Any]]],
                 pages: dict[str, list[tuple[int, int]]]) -> None:
        self._sections = sections
        self._spans = spans  # table -> rows with report_id, key columns, char_start, page_no
        self._pages = pages  # report -> sorted (char_start, page_no) of every row with a page

    def find(self, report_id: str | None, values: dict[str, Any]) -> Passage | None:
        """The passage a failing row (its report and values) points at, or None when it has none (a
        body-level rule, a file that yielded no report)."""
        if report_id is None or report_id not in self._sections:
            return None
        offset, page = self._offset(report_id, values)
        if offset is None:
            return None
        return self.at(report_id, offset, page)

    def at(self, report_id: str, offset: int, page_no: int | None = None) -> Passage | None:
        """The passage starting at char `offset` of a report's text."""
        section = _innermost(self._sections.get(report_id, []), offset)
        if section is None:
            return None
        within = section.text[offset - section.start:]
        line = section.text[:offset - section.start].count("\n") + 1
        if page_no is None:
            page_no = _page_before(self._pages.get(report_id, []), offset)
        return Passage(section.path, line, page_no, excerpt(within))

    def _offset(self, report_id: str, values: dict[str, Any]) -> tuple[int | None, int | None]:
        if isinstance(values.get("char_start"), int):
            return values["char_start"], values.get("page_no") if isinstance(values.get("page_no"), int) \
                else None
        for table, key in _SPAN_TABLES:
            if not all(k in values for k in key):
                continue
            for row in self._spans.get(table, []):
                if row["report_id"] == report_id and all(row[k] == values[k] for k in key):
                    return row["char_start"], row["page_no"]
        for column, pattern in _REPORT_LINES:
            if column in values:
                found = self._search(report_id, pattern)
                if found is not None:
                    return found, None
        return None, None

    def _search(self, report_id: str, pattern: re.Pattern[str]) -> int | None:
        """The first match in the ratings section, else anywhere in the report."""
        sections = self._sections.get(report_id, [])
        ratings = [s for s in sections if s.heading.strip().lower() == "ratings"]
        for section in ratings + sections:
            m = pattern.search(section.text)
            if m:
                return section.start + m.start()
        return None


def excerpt(text: str, limit: int = EXCERPT_CHARS, enough: int = 40) -> str:
    """The start of `text` on one line: its first paragraphs (joined with " / ") up to `enough`
    characters, cut at a word within `limit` characters, with '…' when cut."""
    taken: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.strip():
            taken.append(" ".join(paragraph.split()))
        if sum(len(t) for t in taken) >= enough:
            break
    flat = " / ".join(taken)  # a paragraph break shown as a slash
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] if " " in flat[:limit] else flat[:limit]
    return cut + "\u2026"


def _innermost(sections: list[_Section], offset: int) -> _Section | None:
    holding = [s for s in sections if s.start <= offset <= s.end]
    return max(holding, key=lambda s: (s.start, s.level, s.path or "")) if holding else None


def _page_before(pages: list[tuple[int, int]], offset: int) -> int | None:
    """The page of the nearest passage starting at or before `offset` (a passage runs on from there)."""
    at = bisect_right(pages, (offset, 1 << 30))
    return pages[at - 1][1] if at else None


def load_passages(con: duckdb.DuckDBPyConnection, report_ids: set[str], schema: str = "staging", *,
                  spans: bool = True) -> Passages:
    """The sections and source spans of `report_ids` (held-back reports are in the working tables too).
    With `spans=False`, only what `Passages.at` needs: of the span tables, just the rows with a page (at
    1,000 reports the spans are ~130,000 rows, and a chunk with no failing row never matches one)."""
    wanted = sorted(r for r in report_ids if r)
    sections: dict[str, list[_Section]] = {r: [] for r in wanted}
    found_spans: dict[str, list[dict[str, Any]]] = {}
    pages: dict[str, list[tuple[int, int]]] = {r: [] for r in wanted}
    if not wanted:
        return Passages({}, {}, {})
    # a list parameter and the ids' range, both pushed into the scan (a list of `?` is not: it read every
    # report's text, half a second a chunk at 10,000 reports)
    among = "report_id BETWEEN ? AND ? AND report_id IN (SELECT UNNEST(?::VARCHAR[]))"
    params = [wanted[0], wanted[-1], wanted]
    for start, end, level, path, heading, text, page, rid in con.execute(
            "SELECT char_start, char_end, level, section_path, heading, coalesce(text, ''), page_no, "
            f"report_id FROM {schema}.sections WHERE {among}"
            " ORDER BY report_id, char_start, level, section_path",
            params).fetchall():
        sections[rid].append(_Section(start, end, level, path, heading, text))
        if page is not None:
            pages[rid].append((start, page))
    paged_only = "" if spans else " AND page_no IS NOT NULL"
    for table, key in (*_SPAN_TABLES, ("quotes", ())):
        cols = ", ".join(("report_id", *key, "char_start", "page_no"))
        cursor = con.execute(f"SELECT {cols} FROM {schema}.{table} WHERE {among}{paged_only} "
                             f"ORDER BY report_id, char_start", params)
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        found_spans[table] = rows if spans else []
        for row in rows:
            if row["page_no"] is not None:
                pages[row["report_id"]].append((row["char_start"], row["page_no"]))
    return Passages(sections, found_spans, {r: sorted(p) for r, p in pages.items()})


def reports_to_locate(quality: dict[str, Any], issues: list[dict[str, Any]]) -> set[str]:
    """The reports the quality report points into: those of failing rows and of placed extraction issues
    (only their sections are read, not the whole warehouse's text)."""
    ids = {row["report_id"] for r in quality.get("rules", []) for row in r.get("failing_rows", [])}
    ids |= {i["report_id"] for i in issues if i.get("char_start") is not None}
    return {str(r) for r in ids if r is not None}


class LocatedPassages:
    """The passages of a quality report's failing rows and placed issues, found ahead (`located_passages`);
    a question it was not prepared for has no passage."""

    def __init__(self, rows: dict[tuple[str, str], Passage | None],
                 offsets: dict[tuple[str, int], Passage | None]) -> None:
        self._rows = rows
        self._offsets = offsets

    def find(self, report_id: str | None, values: dict[str, Any]) -> Passage | None:
        return None if report_id is None else self._rows.get((str(report_id), _values_key(values)))

    def at(self, report_id: str, offset: int, page_no: int | None = None) -> Passage | None:
        return self._offsets.get((str(report_id), offset)) if page_no is None else None


def located_passages(con: duckdb.DuckDBPyConnection, quality: dict[str, Any], issues: list[dict[str, Any]],
                     schema: str = "staging", chunk: int = CHUNK_REPORTS) -> LocatedPassages:
    """The passage of every failing row of `quality` and of every placed extraction issue, reading the
    reports `chunk` at a time (`load_passages` on each chunk), so memory stays bounded by the chunk."""
    row_values: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rule in quality.get("rules", []):
        for row in rule.get("failing_rows", []):
            if row.get("report_id") is not None:
                row_values[str(row["report_id"])].append(row.get("values", {}))
    offsets: dict[str, set[int]] = defaultdict(set)
    for issue in issues:
        if issue.get("report_id") is not None and issue.get("char_start") is not None:
            offsets[str(issue["report_id"])].add(issue["char_start"])
    wanted = sorted(reports_to_locate(quality, issues))
    found_rows: dict[tuple[str, str], Passage | None] = {}
    found_offsets: dict[tuple[str, int], Passage | None] = {}
    for start in range(0, len(wanted), chunk):
        ids = wanted[start:start + chunk]
        passages = load_passages(con, set(ids), schema, spans=any(rid in row_values for rid in ids))
        for rid in ids:
            for values in row_values.get(rid, []):
                found_rows[(rid, _values_key(values))] = passages.find(rid, values)
            for offset in offsets.get(rid, ()):
                found_offsets[(rid, offset)] = passages.at(rid, offset)
    release_buffers(con)  # the text read here is not read again by this connection's next queries
    return LocatedPassages(found_rows, found_offsets)


def _values_key(values: dict[str, Any]) -> str:
    return json.dumps(values, sort_keys=True, default=str)
