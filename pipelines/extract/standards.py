"""Read each standard's own section: its statement, the rating printed under (or beside) its heading,
whether it is rated at all, its key questions with percentages 'Yes' and their themes, and narrative
statements of the lowest score.

Belongs here: values inside a standard's section. Does not belong here: the ratings page (ratings.py),
strengths/improvements (findings.py) or comparisons (crosscheck.py).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from pipelines.extract.document import (
    Doc,
    clean_spaces,
    is_footnote,
    rating_line,
    split_trailing_rating,
)
from pipelines.extract.structure import Heading

_KQ_END = re.compile(r"\?\s*(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent)$")
# searched in Doc.lower: lower-case literal patterns are found fast, unlike re.IGNORECASE scans
_UNRATED = re.compile(r"not\s+(?:currently\s+)?rate(?:d)?\b")
_NOT_STATEMENT = re.compile(
    r"^(?:Our rating|We do not|Strengths|Areas for|Key question|In this inspection)", re.IGNORECASE)
_LOWEST = re.compile(r"lowest\s+(?:score|percentage|figure)\b[^.]*?\b(\d{1,3}(?:\.\d+)?)\s*(?:per\s*cent|%)")
# (theme, words of which one must occur in the lower-cased question before its pattern is tried)
_THEMES: tuple[tuple[str, tuple[str, ...], re.Pattern[str]], ...] = (
    ("court", ("court", "sentenc"), re.compile(r"\bcourts?\b|pre-sentence|sentencing")),
    ("outcomes", ("outcome",), re.compile(r"\boutcomes?\b")),
    ("safety", ("safe", "harm", "protect"), re.compile(r"\bsafe(?:ty)?\b|risk of (?:serious )?harm|protect")),
    ("desistance", ("desist", "offending", "rehabilitat"), re.compile(r"desist|offending|rehabilitat")),
    ("engagement", ("engag", "complian", "involv"), re.compile(r"engag|complian|involv")),
)


@dataclass
class KeyQuestion:
    question_no: int
    question: str
    yes_pct: float
    theme: str | None
    start: int
    end: int


@dataclass
class StandardSection:
    code: str
    name: str
    statement: str | None = None
    rating: str | None = None
    explicitly_unrated: bool = False
    start: int = 0
    end: int = 0  # end of the heading/statement/rating passage
    key_questions: list[KeyQuestion] = field(default_factory=list)
    lowest_claims: list[tuple[float, int]] = field(default_factory=list)  # (percentage, char offset)


@functools.lru_cache(maxsize=4096)  # the same questions recur in report after report
def theme_of(question: str) -> str | None:
    low = question.lower()
    for theme, words, pattern in _THEMES:
        if any(w in low for w in words) and pattern.search(low):
            return theme
    return None


def _lines_ending_with_a_percentage(doc: Doc, lo: int, hi: int) -> list[int]:
    """Indexes of the lines in [lo, hi) that end with '%' or 'per cent': found with str.find, not by visiting
    every line."""
    if lo >= hi:
        return []
    text = doc.text
    start, end = doc.lines[lo].start, doc.lines[hi - 1].end
    found = []
    for mark in ("%", "cent"):  # "64%", "64 %", "64 per cent"
        pos = text.find(mark, start, end)
        while pos != -1:
            if pos + len(mark) == len(text) or text[pos + len(mark)] == "\n":
                found.append(doc.line_at(pos))
            pos = text.find(mark, pos + 1, end)
    return sorted(found)


def _key_questions(doc: Doc, lo: int, hi: int) -> list[KeyQuestion]:
    rows: list[KeyQuestion] = []
    for i in _lines_ending_with_a_percentage(doc, lo, hi):
        text = doc.lines[i].text
        m = _KQ_END.search(text)
        if not m:
            continue
        first = i
        # a question wrapped over lines by conversion: take the lines just above that are part of it
        while first - 1 >= lo and doc.lines[first - 1].text and not doc.lines[first].text[0].isupper():
            prev = doc.lines[first - 1].text
            if prev.endswith(("?", "%", ":", " cent")) or "\t" in prev or "Percentage" in prev:
                break
            first -= 1
        parts = [doc.lines[k].text for k in range(first, i)] + [text[: m.start() + 1]]
        question = clean_spaces(" ".join(parts))
        rows.append(KeyQuestion(len(rows) + 1, question, float(m.group(1)), theme_of(question),
                                doc.lines[first].start, doc.lines[i].end))
    return rows


def parse_standard(doc: Doc, heading: Heading, stop: int) -> StandardSection:
    sec = StandardSection(heading.code or "", heading.name, rating=heading.rating)
    head_line = doc.lines[heading.line]
    sec.start, sec.end = head_line.start, head_line.end
    seen = 0
    i = heading.line + 1
    while i < stop and seen < 3:
        line = doc.lines[i]
        i += 1
        if not line.text or is_footnote(line.text):
            continue
        seen += 1
        rating = rating_line(line.text)
        if rating:
            if sec.rating is None:
                sec.rating, sec.end = rating, line.end
            continue
        if sec.statement is not None or _NOT_STATEMENT.match(line.text):
            break
        statement, rating = split_trailing_rating(line.text)
        if rating and statement[-1] in ".!?":
            sec.statement = statement
            if sec.rating is None:
                sec.rating = rating
        else:
            sec.statement = line.text
        sec.end = line.end
    lo = doc.lines[heading.line].end
    hi = doc.lines[stop].start if stop < len(doc.lines) else len(doc.text)
    low = doc.lower
    sec.explicitly_unrated = _UNRATED.search(low, lo, hi) is not None
    sec.lowest_claims = [(float(m.group(1)), m.start()) for m in _LOWEST.finditer(low, lo, hi)]
    sec.key_questions = _key_questions(doc, heading.line + 1, stop)
    return sec
