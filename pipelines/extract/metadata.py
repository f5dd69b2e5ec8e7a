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
_MONTH_YEAR = re.compile(rf"^(?:Published:?\s+)?{_MONTH}\s+(\d{{4}})$", re.IGNORECASE)
_INTRO = re.compile(r"^(An? (?:\w+ )*?inspection of [^:]*?\b(?:in|of)\b):?\s*(.*)$", re.IGNORECASE)
_REGION = re.compile(r"^(?:The Probation Service|National Probation Service|HMPPS)?\s*-?\s*(.+?)\s+region$",
                     re.IGNORECASE)
_DAY_START = re.compile(
    rf"(?:beginning|began|begun|starting|started|commencing|commenced)(?:\s+on)?\s+(?:the\s+)?"
    rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})", re.IGNORECASE)
_MONTH_START = re.compile(rf"Fieldwork\s+(?:started|began|commenced)\s*:?\s*{_MONTH}\s+(\d{{4}})",
                          re.IGNORECASE)
_INSPECTOR = re.compile(
    r"led by\s+(?:HM\s+|Her Majesty's\s+|His Majesty's\s+)?(?:Lead\s+)?Inspector,?\s+"
    r"((?:[A-Z][\w'\-]+\s+){0,3}[A-Z][\w'\-]+)")
_ISBN = re.compile(r"\bISBN(?:-13)?:?\s*((?:97[89][\s-]?)?\d[\d\s-]{7,14}[\dX])\b")
_CASES = re.compile(r"\b(?:we\s+)?inspected\s+(\d{1,4})\s+(?:\w+\s+){0,2}cases\b|"
                    r"\b(\d{1,4})\s+cases\s+were\s+inspected", re.IGNORECASE)
_INTERVIEWS = re.compile(r"\b(\d{1,4})\s+interviews?\s+with\s+(?:\w+\s+){0,2}"
                         r"(?:practitioners|case managers|officers|staff)", re.IGNORECASE)
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
            if md.inspected_body:
                md.title = f"{m.group(1)}: {md.inspected_body}"
        elif md.region is None and len(line.text) <= 90 and (r := _REGION.match(line.text)):
            md.region = r.group(1).strip()
        if md.publication_month is None and (p := _MONTH_YEAR.match(line.text)):
            md.publication_month = dt.date(int(p.group(2)), _month(p.group(1)), 1)


def parse_metadata(doc: Doc, cover_stop: int, ratings_first_line: str | None) -> Metadata:
    md = Metadata()
    text = doc.text
    head = text[: doc.lines[min(cover_stop, len(doc.lines) - 1)].end + 4000] if doc.lines else ""
    if m := _PUBLISHED.search(head):
        md.publication_month = dt.date(int(m.group(2)), _month(m.group(1)), 1)
    _cover(doc, md, cover_stop)
    if md.inspected_body is None and ratings_first_line and len(ratings_first_line) <= 90 \
            and not ratings_first_line.lower().startswith(("fieldwork", "score", "overall")):
        md.inspected_body = ratings_first_line
        md.body_start = text.find(ratings_first_line)
    if md.inspected_body:
        md.body_type = body_type_of(md.inspected_body)
    if m := _DAY_START.search(text):
        md.fieldwork_start_date = dt.date(int(m.group(3)), _month(m.group(2)), int(m.group(1)))
    elif m := _MONTH_START.search(text):
        md.fieldwork_start_date = dt.date(int(m.group(2)), _month(m.group(1)), 1)
    if m := _INSPECTOR.search(text):
        md.lead_inspector = m.group(1)
    if m := _ISBN.search(text):
        md.isbn = re.sub(r"\s+", "-", m.group(1).strip())
    if m := _CASES.search(text):
        md.cases_inspected = int(m.group(1) or m.group(2))
        md.cases_start = m.start()
    if m := _INTERVIEWS.search(text):
        md.practitioner_interviews = int(m.group(1))
    return md
