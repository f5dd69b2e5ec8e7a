"""Read each standard's own section: its statement, the rating printed under (or beside) its heading,
whether it is rated at all, its key questions with percentages 'Yes' and their themes, and narrative
statements of the lowest score.

Belongs here: values inside a standard's section. Does not belong here: the ratings page (ratings.py),
strengths/improvements (findings.py) or comparisons (crosscheck.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.document import (
    Doc,
    classify,
    clean_spaces,
    is_footnote,
    rating_line,
    split_trailing_rating,
)
from pipelines.extract.structure import Heading

_KQ_END = re.compile(r"\?\s*(\d{1,3}(?:\.\d+)?)\s*%$")
_UNRATED = re.compile(r"not\s+(?:currently\s+)?rate(?:d)?\b", re.IGNORECASE)
_NOT_STATEMENT = re.compile(
    r"^(?:Our rating|We do not|Strengths|Areas for|Key question|In this inspection)", re.IGNORECASE)
_LOWEST = re.compile(
    r"lowest\s+(?:score|percentage|figure)\b[^.]*?\b(\d{1,3}(?:\.\d+)?)\s*(?:per\s*cent|%)", re.IGNORECASE)
_THEMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("court", re.compile(r"\bcourts?\b|pre-sentence|sentencing", re.IGNORECASE)),
    ("outcomes", re.compile(r"\boutcomes?\b", re.IGNORECASE)),
    ("safety", re.compile(r"\bsafe(?:ty)?\b|risk of (?:serious )?harm|protect", re.IGNORECASE)),
    ("desistance", re.compile(r"desist|offending|rehabilitat", re.IGNORECASE)),
    ("engagement", re.compile(r"engag|complian|involv", re.IGNORECASE)),
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


def theme_of(question: str) -> str | None:
    return classify(question, _THEMES)


def _key_questions(doc: Doc, lo: int, hi: int) -> list[KeyQuestion]:
    rows: list[KeyQuestion] = []
    for i in range(lo, hi):
        text = doc.lines[i].text
        m = _KQ_END.search(text) if text.endswith("%") else None
        if not m:
            continue
        first = i
        # a question wrapped over lines by conversion: take the lines just above that are part of it
        while first - 1 >= lo and doc.lines[first - 1].text and not doc.lines[first].text[0].isupper():
            prev = doc.lines[first - 1].text
            if prev.endswith(("?", "%", ":")) or "\t" in prev or "Percentage" in prev:
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
    body = doc.text[lo:hi]
    low = body.lower()
    if " rate" in low:
        sec.explicitly_unrated = _UNRATED.search(body) is not None
    if "lowest" in low:
        sec.lowest_claims = [(float(m.group(1)), lo + m.start()) for m in _LOWEST.finditer(body)]
    sec.key_questions = _key_questions(doc, heading.line + 1, stop)
    return sec
