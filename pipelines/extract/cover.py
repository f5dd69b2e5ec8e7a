"""Report-level facts: title, inspected body, body type, region, publication month, fieldwork start,
lead inspector, ISBN, cases inspected and practitioner interviews.

Belongs here: regular expressions over the cover, acknowledgements and background text. Does not belong
here: ratings (ratings.py) or cross-checks (crosscheck.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipelines.extract.document import Doc, classify

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
          "october", "november", "december")
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_PUBLISHED = re.compile(rf"HM Inspectorate of Probation,?\s+{_MONTH}\s+(\d{{4}})", re.IGNORECASE)
# "May 2023", "Published: May 2023", "Published: 18 May 2023" (the web page's line), on the cover
_MONTH_YEAR = re.compile(
    rf"^(?:Published:?\s+(?:on\s+)?)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH},?\s+(\d{{4}})$", re.IGNORECASE)
# the web page's "Published:" line anywhere in the front matter, its date possibly missing from saved text
_PUBLISHED_LINE = re.compile(r"^Published:?(?:\s+on)?\s*(.*)$", re.IGNORECASE)
_DAY_MONTH_YEAR = re.compile(rf"^(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH},?\s+(\d{{4}})\b", re.IGNORECASE)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})(?:-\d{2})?\b")
_FRONT_LINES = 400  # how far a "Published:" line is looked for
_INTRO = re.compile(r"^(An? (?:\w+ )*?inspection of [^:]*?\b(?:in|of)\b):?\s*(.*)$", re.IGNORECASE)
_REGION = re.compile(r"^(?:The Probation Service|National Probation Service|HMPPS)?\s*-?\s*(.+?)\s+region$",
                     re.IGNORECASE)
_START_WORDS = ("beginning", "began", "begun", "starting", "started", "commencing", "commenced")
_DAY_AFTER = re.compile(
    rf"[a-z]*(?:\s+on)?\s+(?:the\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})",
    re.IGNORECASE)
# The patterns marked "lower" are searched in Doc.lower: a lower-case literal start is found fast, where
# re.IGNORECASE would try the pattern at every position of the text.
_MONTH_START = re.compile(  # lower
    rf"fieldwork\s+(?:started|began|commenced)\s*:?\s*{_MONTH.lower()}\s+(\d{{4}})")
_INSPECTOR = re.compile(
    r"led by\s+(?:HM\s+|Her Majesty's\s+|His Majesty's\s+)?(?:Lead\s+)?Inspector,?\s+"
    r"((?:[A-Z][\w'\-]+\s+){0,3}[A-Z][\w'\-]+)")
_ISBN = re.compile(r"ISBN(?:-13)?:?\s*((?:97[89][\s-]?)?\d[\d\s-]{7,14}[\dX])\b")
_CASES = re.compile(r"inspected\s+(\d{1,4})\s+(?:\w+\s+){0,2}cases\b")  # lower
_CASES_PASSIVE = re.compile(r"cases\s+were\s+inspected")  # lower; the number is read before it
_INTERVIEWS = re.compile(
    r"interviews?\s+with\s+(?:\w+\s+){0,2}(?:practitioners|case managers|officers|staff)")  # lower
_NUMBER_ENDING = re.compile(r"(\d{1,4})\s+$")
_NUMBER_BEFORE = re.compile(r"(\d{1,4})\s+(?:\w+\s+)?$")
_BODY_TYPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("youth", re.compile(r"\b(?:YOS|YOT|YJS|youth|young people)\b", re.IGNORECASE)),
    ("pdu", re.compile(r"\b(?:PDU|probation delivery unit)\b", re.IGNORECASE)),
    ("crc", re.compile(r"\b(?:CRC|community rehabilitation company)\b", re.IGNORECASE)),
    ("nps", re.compile(r"\b(?:NPS|national probation service)\b", re.IGNORECASE)),
    ("region", re.compile(r"\bregion\b", re.IGNORECASE)),
    ("national", re.compile(r"\b(?:HMPPS|national|England and Wales|Ministry of Justice)\b",
                            re.IGNORECASE)),
)


@dataclass
class Metadata:
    title: str | None = None
    inspected_body: str | None = None
    body_start: int | None = None
    body_type: str | None = None
    region: str | None = None
    publication_month: dt.date | None = None
    date_source: str | None = None  # "cover" or "published_line": where in the text the month was read
    undated_published_at: int | None = None  # offset of a "Published:" line that carries no date
    fieldwork_start_date: dt.date | None = None
    lead_inspector: str | None = None
    isbn: str | None = None
    cases_inspected: int | None = None
    cases_start: int | None = None
    practitioner_interviews: int | None = None


def _month(name: str) -> int:
    return MONTHS.index(name.lower()) + 1


def body_type_of(name: str) -> str:
    return classify(name, _BODY_TYPES) or "other"


def _cover(doc: Doc, md: Metadata, stop: int) -> None:
    lines = doc.lines[:stop]
    for idx, line in enumerate(lines):
        m = _INTRO.match(line.text)
        if m and md.inspected_body is None:
            rest = m.group(2).strip()
            if rest:
                md.inspected_body, md.body_start = rest, line.start + m.start(2)
            else:
                j = doc.next_nonblank(idx + 1, stop)
                if j is not None and len(doc.lines[j].text) <= 90:
                    md.inspected_body, md.body_start = doc.lines[j].text, doc.lines[j].start
            if md.inspected_body:  # as printed when on one line; else the two lines joined with ':'
                md.title = line.text.rstrip(": ") if rest else f"{m.group(1)}: {md.inspected_body}"
        elif md.region is None and len(line.text) <= 90 and (r := _REGION.match(line.text)):
            md.region = r.group(1).strip()
        if md.publication_month is None and (p := _MONTH_YEAR.match(line.text)):
            md.publication_month = dt.date(int(p.group(2)), _month(p.group(1)), 1)
            md.date_source = "published_line" if line.text[:1] in "Pp" else "cover"


def _published_line(doc: Doc, md: Metadata, stop: int) -> None:
    """'Published: 18 May 2023' (or '2023-05-18') within the front matter; a 'Published:' line whose date
    is missing is remembered, so the error can say so."""
    for line in doc.lines[:stop]:
        if not line.text.startswith(("Published", "published", "PUBLISHED")):
            continue
        m = _PUBLISHED_LINE.match(line.text)
        if m is None:
            continue
        rest = m.group(1).strip()
        if (d := _DAY_MONTH_YEAR.match(rest)) is not None:
            md.publication_month, md.date_source = dt.date(int(d.group(2)), _month(d.group(1)), 1), \
                "published_line"
            return
        if (d := _ISO_DAY.match(rest)) is not None and 1 <= int(d.group(2)) <= 12:
            md.publication_month, md.date_source = dt.date(int(d.group(1)), int(d.group(2)), 1), \
                "published_line"
            return
        if not rest and md.undated_published_at is None:
            md.undated_published_at = line.start


def _search(pattern: re.Pattern[str], text: str, front_end: int) -> re.Match[str] | None:
    """Search the front matter first (short, where these facts are printed), then the rest of the text."""
    return pattern.search(text, 0, front_end) or (
        pattern.search(text, front_end) if front_end < len(text) else None)


def _fieldwork_day(text: str, low: str, end: int) -> re.Match[str] | None:
    """'... beginning on 13 March 2023': the earliest start word before `end` followed by a full date."""
    best: re.Match[str] | None = None
    for word in _START_WORDS:
        pos = low.find(word, 0, end)
        while pos != -1 and (best is None or pos < best.start()):
            m = _DAY_AFTER.match(text, pos + len(word) - 1, end)
            if m:
                best = m
                break
            pos = low.find(word, pos + 1, end)
    return best


def _interviews(text: str, low: str, end: int) -> int | None:
    for m in _INTERVIEWS.finditer(low, 0, end):
        before = _NUMBER_BEFORE.search(text, max(0, m.start() - 40), m.start())
        if before:
            return int(before.group(1))
    return None


def _cases(text: str, low: str, front_end: int) -> tuple[int, int] | None:
    """Cases inspected and the offset of the phrase: 'we inspected 39 cases', '39 cases were inspected'."""
    if m := _search(_CASES, low, front_end):
        return int(m.group(1)), m.start()
    for end in (front_end, len(text)):
        for m in _CASES_PASSIVE.finditer(low, 0, end):
            if number := _NUMBER_ENDING.search(text, max(0, m.start() - 12), m.start()):
                return int(number.group(1)), number.start()
    return None


def parse_metadata(doc: Doc, cover_stop: int, ratings_first_line: str | None,
                   body_start: int | None = None) -> Metadata:
    """Report-level facts; body_start is the char offset where the domains begin (ends the front matter)."""
    md = Metadata()
    text = doc.text
    front_end = body_start or len(text)
    head = text[: doc.lines[min(cover_stop, len(doc.lines) - 1)].end + 4000] if doc.lines else ""
    if m := _PUBLISHED.search(head):
        md.publication_month = dt.date(int(m.group(2)), _month(m.group(1)), 1)
        md.date_source = "cover"
    _cover(doc, md, cover_stop)
    if md.publication_month is None:
        front = doc.line_at(front_end) if body_start is not None else min(len(doc.lines), _FRONT_LINES)
        _published_line(doc, md, min(front, _FRONT_LINES))
    if md.inspected_body is None and ratings_first_line and len(ratings_first_line) <= 90 \
            and not ratings_first_line.lower().startswith(("fieldwork", "score", "overall")):
        md.inspected_body = ratings_first_line
        md.body_start = text.find(ratings_first_line)
    if md.inspected_body:
        md.body_type = body_type_of(md.inspected_body)
        if md.region is None and md.body_type == "region" and (r := _REGION.match(md.inspected_body)):
            md.region = r.group(1).strip()  # a regional inspection: the body is the region
    low = doc.lower
    if m := _fieldwork_day(text, low, front_end) or _fieldwork_day(text, low, len(text)):
        md.fieldwork_start_date = dt.date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    elif m := _search(_MONTH_START, low, front_end):
        md.fieldwork_start_date = dt.date(int(m.group(2)), _month(m.group(1)), 1)
    if m := _search(_INSPECTOR, text, front_end):
        md.lead_inspector = m.group(1)
    if m := _search(_ISBN, text, front_end):
        md.isbn = re.sub(r"\s+", "-", m.group(1).strip())
    if cases := _cases(text, low, front_end):
        md.cases_inspected, md.cases_start = cases
    interviews = _interviews(text, low, front_end)
    md.practitioner_interviews = interviews if interviews is not None else _interviews(text, low, len(text))
    return md
