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
_PCT_AT_END = re.compile(r"(?:^|\s)(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent)$")
# a table line ending in something like a percentage that no row used: "?\t-5%", "\t1e2%", "?  5O%"
_MALFORMED = re.compile(r"(?:\?|\t|^)\s*[-+\u2212]?[\dOoIl.,eE]*\d[\dOoIl.,eE+\-]*\s*(?:%|per\s*cent)$")
_PCT_ONLY = re.compile(r"^(\d{1,3}(?:\.\d+)?)\s*(?:%|per\s*cent)$")
# searched in Doc.lower: lower-case literal patterns are found fast, unlike re.IGNORECASE scans
_UNRATED = re.compile(r"not\s+(?:currently\s+)?rate(?:d)?\b")
_NOT_STATEMENT = re.compile(
    r"^(?:Our rating|We do not|Strengths|Areas for|Key question|In this inspection)", re.IGNORECASE)
_LOWEST = re.compile(r"lowest\s+(?:score|percentage|figure)\b[^.]*?\b(\d{1,3}(?:\.\d+)?)\s*(?:per\s*cent|%)")
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six")
_QUESTION_COUNT = re.compile(  # lower
    r"against\s+(?:the\s+)?(one|two|three|four|five|six|\d)\s+key\s+questions?\b")
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
    unpaired_percentages: list[int] = field(default_factory=list)  # char offsets
    malformed_percentages: list[tuple[int, str]] = field(default_factory=list)  # (offset, line) not read
    printed_question_count: int | None = None  # "... against three key questions:"
    has_key_question_table: bool = False  # a "Key question | Percentage 'Yes'" header is printed


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


def _wrapped_start(doc: Doc, lo: int, i: int) -> int:
    """The first line of a question wrapped over lines by conversion and ending on line i: the lines just
    above that continue into it (the line below them starts in lower case)."""
    first = i
    while first - 1 >= lo and doc.lines[first - 1].text and not doc.lines[first].text[:1].isupper():
        prev = doc.lines[first - 1].text
        if prev.endswith(("?", "%", ":", " cent")) or "\t" in prev or "Percentage" in prev:
            break
        first -= 1
    return first


def _question_ending_below(doc: Doc, i: int, hi: int) -> int | None:
    """A percentage printed beside the first lines of a wrapped question ('... person on 64%' then
    'probation?'): the line, within three, where the question ends."""
    for k in range(i + 1, min(i + 4, hi)):
        text = doc.lines[k].text
        if not text[:1].islower() or _PCT_AT_END.search(text):
            return None
        if text.endswith("?"):
            return k
    return None


def _split_around(doc: Doc, lo: int, i: int, hi: int) -> tuple[int, int] | None:
    """(first, last) lines of a question wrapped around the percentage alone on line i: the line above
    does not end the question, the lines below go on in lower case and end it."""
    above = doc.lines[i - 1].text if i - 1 >= lo else ""
    if not above or above.endswith(("?", "%", "'")) or not (last := _question_ending_below(doc, i, hi)):
        return None
    return _wrapped_start(doc, lo, i - 1), last


def _questions_above(doc: Doc, lo: int, i: int, wanted: int) -> list[tuple[int, int]]:
    """Up to `wanted` questions, as (first line, last line), printed just above line i with their
    percentages in a column after them; nearest last. Stops at anything that is not a question."""
    found: list[tuple[int, int]] = []
    k = i - 1
    while k >= lo and len(found) < wanted:
        text = doc.lines[k].text
        if not text:
            k -= 1
            continue
        if not text.endswith("?"):
            break
        first = _wrapped_start(doc, lo, k)
        found.append((first, k))
        k = first - 1
    return found[::-1]


def _key_questions(doc: Doc, lo: int, hi: int
                   ) -> tuple[list[KeyQuestion], list[int], list[tuple[int, str]]]:
    """The key questions in lines [lo, hi), and the offsets of percentages that no question could be
    paired with, and of lines in the block that end in a percentage 'Yes' no row used (one printed as
    '-5%', '1e2%' or '5O%', say): they are reported, never dropped silently. A percentage may end the
    question's line, follow it on a line of its own, stand beside
    the question's first lines, or come in a column after all the questions."""
    found: list[tuple[int, int, str, float]] = []  # (first line, last line, question, percentage)
    unpaired: list[int] = []
    column: list[tuple[int, float]] = []  # consecutive lines holding only a percentage
    for i in _lines_ending_with_a_percentage(doc, lo, hi) + [hi]:
        alone = _PCT_ONLY.match(doc.lines[i].text) if i < hi else None
        if alone and (split := _split_around(doc, lo, i, hi)) is not None:
            first, last = split  # the percentage printed between a wrapped question's lines
            parts = [doc.lines[k].text for k in range(first, last + 1) if k != i]
            found.append((first, last, " ".join(parts), float(alone.group(1))))
            alone = None
            continue
        if column and (not alone or doc.next_nonblank(column[-1][0] + 1, hi) != i):
            questions = _questions_above(doc, lo, column[0][0], len(column))
            if len(questions) < len(column):
                unpaired += [doc.lines[k].start for k, _ in column[: len(column) - len(questions)]]
            for (first, last), (_, pct) in zip(questions, column[len(column) - len(questions):], strict=True):
                parts = [doc.lines[k].text for k in range(first, last + 1)]
                found.append((first, column[-1][0] if len(column) == 1 else last, " ".join(parts), pct))
            column = []
        if i == hi:
            break
        if alone:
            column.append((i, float(alone.group(1))))
            continue
        text = doc.lines[i].text
        m = _KQ_END.search(text)
        if m:
            first = _wrapped_start(doc, lo, i)
            parts = [doc.lines[k].text for k in range(first, i)] + [text[: m.start() + 1]]
            found.append((first, i, " ".join(parts), float(m.group(1))))
            continue
        m = _PCT_AT_END.search(text)
        last = _question_ending_below(doc, i, hi) if m and m.start() > 0 else None
        if m and last is not None:
            first = _wrapped_start(doc, lo, i)
            parts = [doc.lines[k].text for k in range(first, i)] + [text[: m.start()]]
            parts += [doc.lines[k].text for k in range(i + 1, last + 1)]
            found.append((first, last, " ".join(parts), float(m.group(1))))
    used = {k for first, last, _, _ in found for k in range(first, last + 1)} | set(
        doc.line_at(offset) for offset in unpaired)
    malformed = [(doc.lines[k].start, doc.lines[k].text) for k in range(lo, hi)
                 if k not in used and _MALFORMED.search(doc.lines[k].text)]
    rows = []
    for first, last, question, pct in sorted(found):
        question = clean_spaces(question)
        rows.append(KeyQuestion(len(rows) + 1, question, pct, theme_of(question),
                                doc.lines[first].start, doc.lines[last].end))
    return rows, unpaired, malformed


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
            while sec.statement[-1] not in ".!?" and i < stop and doc.lines[i].text[:1].islower():
                sec.statement += " " + doc.lines[i].text  # a statement wrapped over lines by conversion
                line = doc.lines[i]
                i += 1
        sec.end = line.end
    lo = doc.lines[heading.line].end
    hi = doc.lines[stop].start if stop < len(doc.lines) else len(doc.text)
    low = doc.lower
    sec.explicitly_unrated = _UNRATED.search(low, lo, hi) is not None
    sec.has_key_question_table = any(low.find(h, lo, hi) != -1 for h in ("key question", "percentage 'yes'"))
    sec.lowest_claims = [(float(m.group(1)), m.start()) for m in _LOWEST.finditer(low, lo, hi)]
    if (said := _QUESTION_COUNT.search(low, lo, hi)) is not None:
        word = said.group(1)
        sec.printed_question_count = int(word) if word.isdigit() else _NUMBER_WORDS.index(word) + 1
    sec.key_questions, sec.unpaired_percentages, sec.malformed_percentages = _key_questions(
        doc, heading.line + 1, stop)
    return sec
