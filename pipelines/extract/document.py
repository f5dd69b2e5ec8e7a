"""The normalised text as numbered lines with char offsets, and small line predicates shared by parsers.

Belongs here: splitting into lines, blank-line navigation, line classification helpers (bullets, quotes,
footnotes, rating lines). Does not belong here: recognising headings or any table's rows.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from pipelines.extract.bands import RATING_PATTERN, canonical_rating
from pipelines.extract.clean import SUPERSCRIPTS


@dataclass(slots=True)
class Line:  # not frozen: a frozen dataclass is several times slower to build, and a report has many lines
    no: int  # index in Doc.lines
    start: int  # char offset of the first character in the normalised text
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)


_BULLET = re.compile(r"^(?:[-*+]|\(?[a-z]\)|\d{1,2}\))\s+(?=\S)")
# a whole line that is a rating, as printed ('Requires improvement', 'Requires Improvement', 'GOOD')
_RATING_LINE = re.compile(rf"^(?:Rating:?\s*)?({RATING_PATTERN})\.?$")
_TRAILING_RATING = re.compile(rf"^(.*?\S)[\s:\-]+({RATING_PATTERN})\.?$")
_PLAIN_FOOTNOTE = re.compile(r"^\d{1,2} [A-Z][a-z]")  # "6 The rating ..." when superscripts were lost


class Doc:
    """Normalised text split into lines; every Line knows its offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        lines: list[Line] = []
        append = lines.append
        pos = 0
        for i, part in enumerate(text.split("\n")):
            append(Line(i, pos, part))
            pos += len(part) + 1
        self.lines = lines
        self._lower: str | None = None
        self._starts: list[int] | None = None

    def line_at(self, offset: int) -> int:
        """Index of the line holding char offset `offset`."""
        if self._starts is None:
            self._starts = [line.start for line in self.lines]
        return bisect.bisect_right(self._starts, offset) - 1

    @property
    def lower(self) -> str:
        """The text with its ASCII letters in lower case, char for char (offsets into it are offsets into the
        text): for case-insensitive searches with fast literal patterns instead of re.IGNORECASE scans."""
        if self._lower is None:
            # ASCII letters only, through bytes: several times faster than str.lower on non-ASCII text,
            # and no character changes length (str.lower turns some capitals into two characters)
            self._lower = self.text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
        return self._lower

    def __len__(self) -> int:
        return len(self.lines)

    def next_nonblank(self, i: int, stop: int | None = None) -> int | None:
        stop = len(self.lines) if stop is None else stop
        while i < stop:
            if self.lines[i].text:
                return i
            i += 1
        return None

    def is_blank(self, i: int) -> bool:
        return i < 0 or i >= len(self.lines) or not self.lines[i].text

    def standalone(self, i: int) -> bool:
        """Line i has a blank line (or the text edge) before and after it."""
        return self.is_blank(i - 1) and self.is_blank(i + 1)


def bullet_text(text: str) -> str | None:
    """The item text of a bullet line, or None when the line is not a bullet."""
    m = _BULLET.match(text)
    return text[m.end():] if m else None


def bullet_offset(text: str) -> int:
    m = _BULLET.match(text)
    return m.end() if m else 0


def rating_line(text: str) -> str | None:
    """The rating when the whole line is a rating ('Requires improvement')."""
    m = _RATING_LINE.match(text)
    return canonical_rating(m.group(1)) if m else None


def split_trailing_rating(text: str) -> tuple[str, str | None]:
    """('statement.', 'Inadequate') for 'statement. Inadequate'; (text, None) when no rating ends it."""
    m = _TRAILING_RATING.match(text)
    if not m:
        return text, None
    return m.group(1), canonical_rating(m.group(2))


def is_footnote(text: str) -> bool:
    if not text:
        return False
    first = text[0]
    if first in SUPERSCRIPTS:
        return True
    if first == "[":
        return text.startswith("[^")
    return first.isdigit() and _PLAIN_FOOTNOTE.match(text) is not None


def quote_text(text: str) -> str | None:
    """The words of a line wholly in quotation marks, without the marks; None otherwise."""
    if len(text) < 3 or text[0] != '"':
        return None
    body = text[1:]
    if body.endswith('".') or body.endswith('",'):
        body = body[:-2]
    elif body.endswith('"'):
        body = body[:-1]
    else:
        return None
    body = body.strip()
    return body or None


def classify(text: str, table: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    """Name of the first (name, pattern) whose pattern occurs in text."""
    for name, pattern in table:
        if pattern.search(text):
            return name
    return None


def clean_spaces(text: str) -> str:
    """Runs of whitespace as one space, none at the ends."""
    # every whitespace character but the space is unprintable: most texts need no split and join
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())
