"""Reflow hard-wrapped text (a PDF's text layer as most tools print it: one printed line per line, often
no blank line between paragraphs) into the form the parsers read: one paragraph, bullet or heading per
line, blocks separated by blank lines.

A line is joined to the next when it was wrapped: it is long for the page (near the wrap width, measured
from the text itself) and the next word would not have fitted on it, or it stops mid-sentence and the
next line goes on in lower case. Headings, ratings, bullets, numbered items, labels, footnotes and table
cells always start a block of their own. Text that is not hard-wrapped is returned unchanged.

Belongs here: line joining and block separation. Does not belong here: character clean-up or page
furniture (clean.py), recognising headings for the structure (structure.py).
"""

from __future__ import annotations

import re

from pipelines.extract.bands import RATING_PATTERN

MIN_LINES = 20
UNWRAPPED = 100_000  # a width no line reaches, for the thresholds when lines are not wrapped
_NO_BLANKS_SHARE = 0.02
_WIDTH_PERCENTILE = 0.95
_WIDTH_RANGE = (40, 160)  # characters; paragraphs longer than this are not wrapped lines
_FULL_SHARE = 0.35  # at least this share of lines is near the width in wrapped text

# Case matters: "percentage of cases ..." or "good." can start a wrapped line of a sentence
_BLOCK_START = re.compile(
    r"^(?:[-*+]\s|\([a-z]\)\s|\d{1,2}[.)]\s|\d{1,2}\.\d{1,2}\.?\s+[A-Z]"
    r"|[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]|\d{1,3}(?:\.\d+)?\s*(?:%|per\s*cent)$"
    r"|(?:Key question|Outcomes)?\s*(?:Percentage)?\s*(?:'Yes')?$"
    rf"|(?:Rating:?\s*)?(?:{RATING_PATTERN})\.?$)"
)
_PERCENT_ONLY = re.compile(r"^\d{1,3}(?:\.\d+)?\s*(?:%|per\s*cent)$")
_TABLE_HEADER = re.compile(r"^(?:Key question|Outcomes)?\s*(?:Percentage)?\s*(?:'Yes')?$")
_SENTENCE_END = ".?!:;"
_TERMINAL = ".,;:?!\"')"


def wrap_width(lines: list[str]) -> int | None:
    """The width the text was wrapped at, or None when it is not hard-wrapped."""
    lengths = [len(line) for line in lines if line]
    if len(lengths) < MIN_LINES:
        return None
    too_long = _WIDTH_RANGE[1]
    if sum(1 for n in lengths if n > too_long) > (1 - _WIDTH_PERCENTILE) * len(lengths):
        return None  # paragraphs on one line each: the usual case, told without sorting
    lengths.sort()
    width = lengths[int(_WIDTH_PERCENTILE * (len(lengths) - 1))]
    if not _WIDTH_RANGE[0] <= width <= _WIDTH_RANGE[1]:
        return None
    full = sum(1 for n in lengths if 0.7 * width <= n <= width)
    return width if full >= _FULL_SHARE * len(lengths) else None


def runs_together(lines: list[str]) -> bool:
    """No blank line between the blocks of a long enough text (its lines not wrapped, or `wrap_width`
    would have told): blocks are separated with `reflow(lines, None)`, which joins nothing."""
    nonblank = sum(1 for line in lines if line)
    inner = "\n".join(lines).strip("\n").count("\n") + 1  # lines from the first non-blank to the last
    return nonblank >= MIN_LINES and inner - nonblank <= _NO_BLANKS_SHARE * inner


def _is_heading_like(line: str, following: str | None, width: int) -> bool:
    """A short line in title form with the next line starting afresh: a heading, not a paragraph's end."""
    return (len(line) <= min(70, 0.7 * width) and line[0].isupper() and line[-1] not in _TERMINAL
            and (not following or not following[0].islower()))


def _starts_block(line: str, following: str | None, width: int) -> bool:
    return (_BLOCK_START.match(line) is not None or "\t" in line
            or (line.endswith(":") and line[0].isupper() and len(line) < 0.6 * width)
            or _is_heading_like(line, following, width))


def _continues(prev: str, line: str, width: int) -> bool:
    """`line` goes on from `prev`, which the wrap cut short."""
    if _PERCENT_ONLY.match(prev) or (prev.endswith(":") and len(prev) < 0.6 * width):
        return False
    if prev.endswith(("?", "%", "cent")) and (not line[0].islower() or line.endswith("?")):
        return False  # a key-question table row ends there, or its question goes on below the percentage
    first_word = len(line.split(" ", 1)[0])
    if line[0].islower() and prev[-1] not in _SENTENCE_END:
        return len(prev) >= 0.5 * min(width, 80)  # a sentence going on, unless after a short title line
    if line[0] == '"' and prev[-1] in _SENTENCE_END + '"':
        return False  # a quotation after a full sentence or another quotation stands on its own
    return len(prev) + 1 + first_word > 0.9 * width


def _continues_over_a_page_break(prev: str, line: str, width: int) -> bool:
    """Across blank lines only a sentence cut off mid-way goes on: a page break inside a paragraph."""
    return (len(prev) >= 0.5 * min(width, 80) and prev[-1] not in _SENTENCE_END
            and (line[0].islower() or line[0].isdigit()) and not prev.endswith(("%", "?")))


def _is_table_line(line: str) -> bool:
    """A line of a key-question table: a question, a percentage, or the header's words."""
    return line.endswith(("?", "%", "per cent")) or _TABLE_HEADER.match(line) is not None


def _same_table(prev: str, line: str, following: str | None) -> bool:
    """`line` belongs to the key-question table `prev` is in: keep them on consecutive lines."""
    if _PERCENT_ONLY.match(line) or _PERCENT_ONLY.match(prev):
        return True
    return _is_table_line(prev) and (_is_table_line(line) or (following is not None
                                                             and _is_table_line(following)))


def reflow(lines: list[str], width: int | None) -> list[str]:
    """One line per paragraph, bullet or heading, and a blank line between blocks but inside a key-question
    table, whose rows, questions and percentages stay on consecutive lines. With no `width` (lines not
    wrapped, only run together) nothing is joined, and a line going on in lower case stays next to the
    line before it for the parsers to read as its continuation."""
    joins = width is not None
    width = width or UNWRAPPED
    blocks: list[str] = []
    prev = ""  # the last non-blank line
    for i, line in enumerate(lines):
        if not line:
            continue
        following = next((x for x in lines[i + 1: i + 2] if x), None)
        goes_on = _continues_over_a_page_break if not lines[i - 1] else _continues
        joined = joins and blocks and not _starts_block(line, following, width) and goes_on(prev, line, width)
        prev = line
        if joined:
            joiner = "" if blocks[-1].endswith("-") and line[0].islower() else " "
            blocks[-1] += joiner + line
            continue
        if blocks and not _same_table(blocks[-1], line, following) and (joins or not line[0].islower()):
            blocks.append("")
        blocks.append(line)
    return blocks
