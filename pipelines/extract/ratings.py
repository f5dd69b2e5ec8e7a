"""Read the ratings page: score and its maximum, overall rating, and each domain's and standard's rating
as listed there (on the standard's line or on a later line).

Belongs here: values printed on the ratings page. Does not belong here: the standards' own sections
(standards.py) or comparing the two (crosscheck.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.bands import RATING_PATTERN, canonical_rating
from pipelines.extract.document import Doc, rating_line, split_trailing_rating

# searched in Doc.lower, within a line: "Score 7/27", "score: 20 out of 36"
# the figures may follow on the next line: a bold "7/27" is its own element in a web page's text
_SCORE_LOWER = re.compile(
    r"\bscore[^\S\n]*:?[^\S\n]*(?:\n[^\S\n]*){0,2}(\d{1,3})[^\S\n]*(?:/|out of)[^\S\n]*(\d{1,3})\b")
_OVERALL = re.compile(rf"^Overall rating\b[\s:\-]*(?:({RATING_PATTERN})\.?)?$", re.IGNORECASE)
_DOMAIN = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
# "2.2 Assessment", "2.2. Assessment", "2.2 - Assessment"
_STANDARD = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?(?:\s*[-:])?\s+(\S.*)$")


@dataclass
class RatedEntry:
    code: str
    name: str
    rating: str | None
    start: int  # char offsets of the entry (standard line to rating line)
    end: int


@dataclass
class RatingsPage:
    score: int | None = None
    score_max: int | None = None
    score_start: int | None = None
    overall_rating: str | None = None
    overall_start: int | None = None
    domains: dict[int, str] = field(default_factory=dict)
    standards: dict[str, RatedEntry] = field(default_factory=dict)
    first_line: str | None = None  # first line under the heading (the inspected body on PDU reports)
    overall_repeats: list[tuple[str, int]] = field(default_factory=list)  # every overall rating printed
    standard_conflicts: list[tuple[str, str, str, int]] = field(default_factory=list)  # code, first, other


def find_score(doc: Doc, lo: int, hi: int) -> tuple[int, int, int] | None:
    """The first 'Score x/y' within lines [lo, hi): one search of the lower-cased text, not one per line."""
    if lo >= min(hi, len(doc.lines)):
        return None
    end = doc.lines[min(hi, len(doc.lines)) - 1].end
    m = _SCORE_LOWER.search(doc.lower, doc.lines[lo].start, end)
    return (int(m.group(1)), int(m.group(2)), m.start()) if m else None


def _rating_after(doc: Doc, i: int, hi: int) -> tuple[str | None, int]:
    """Rating on the next non-blank line (and that line's index), if that line is a rating."""
    j = doc.next_nonblank(i + 1, hi)
    if j is None:
        return None, i
    rating = rating_line(doc.lines[j].text)
    return (rating, j) if rating else (None, i)


def parse_ratings_page(doc: Doc, span: tuple[int, int]) -> RatingsPage:
    lo, hi = span
    page = RatingsPage()
    found = find_score(doc, lo, hi)
    if found:
        page.score, page.score_max, page.score_start = found
    first = doc.next_nonblank(lo + 1, hi)
    if first is not None:
        page.first_line = doc.lines[first].text
    i = lo + 1
    while i < hi:
        line = doc.lines[i]
        text = line.text
        m = _OVERALL.match(text)
        if m:
            rating = canonical_rating(m.group(1)) if m.group(1) else _rating_after(doc, i, hi)[0]
            if rating:
                page.overall_repeats.append((rating, line.start))
            if page.overall_rating is None:
                page.overall_rating, page.overall_start = rating, line.start
        elif (m := _STANDARD.match(text)) is not None:
            code = f"{int(m.group(1))}.{int(m.group(2))}"
            name, rating = split_trailing_rating(m.group(3))
            end_line = i
            if rating is None:
                rating, end_line = _rating_after(doc, i, hi)
            if code not in page.standards:
                page.standards[code] = RatedEntry(code, name.strip(), rating, line.start,
                                                  doc.lines[end_line].end)
            elif rating and page.standards[code].rating and rating != page.standards[code].rating:
                page.standard_conflicts.append((code, page.standards[code].rating, rating, line.start))
            i = end_line
        elif (m := _DOMAIN.match(text)) is not None:
            page.domains.setdefault(int(m.group(1)), m.group(2).strip())
        i += 1
    return page
