"""Lay out the text a PDF-to-text tool printed (poppler's `pdftotext`, with or without `-layout`) like the
other readers' output: page furniture removed, column-aligned tables rebuilt as TAB-joined rows.

- Pages are the form-feed-separated parts. A line at a page's top or bottom edge whose text (digits
  ignored) recurs at an edge of at least half the pages is a running header or footer, and a bare page
  number at an edge is a page number: both are removed, peeling each edge until a body line is met.
  Pages are then joined with a line break, so a paragraph goes on over the page break.
- In `-layout` output a table is lines whose cells are set apart by runs of three or more spaces, the
  later cells starting at the same column. The left column's lines are joined into one cell per row
  (a row ends at a line ending a sentence or a question, or at a line with a value in the right column
  when the next line starts a new sentence); a value in the right column belongs to the row whose lines
  it stands beside, above, between or below. So a question and its percentage are one row however the
  question wraps.

Text without form feeds or column gaps is returned unchanged. Decoding bytes is in `text`; normalising
characters, reflowing paragraphs and parsing happen later in `pipelines.extract`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?$", re.IGNORECASE)
_GAP = re.compile(r"\S(?: {3,})(?=\S)")
_EDGE = 4  # lines at each end of a page that may be furniture
_TERMINAL = ".?!:;"
_MAX_VALUE = 30  # characters: a later column holds a value (a percentage, a rating, a page number)


def relayout(text: str) -> tuple[str, int]:
    """The text laid out, and how many furniture lines were removed."""
    removed = 0
    if "\f" in text:
        pages = text.split("\f")
        if len(pages) >= 3:
            pages, removed = _drop_furniture(pages)
        text = "\n".join(page.strip("\n") for page in pages if page.strip())
    if "   " in text and _GAP.search(text):
        text = "\n".join(_rebuild_tables(text.split("\n")))
    return text, removed


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).lower())


def _drop_furniture(pages: list[str]) -> tuple[list[str], int]:
    page_lines = [page.split("\n") for page in pages]
    counts: Counter[str] = Counter()
    for lines in page_lines:
        body = [line for line in lines if line.strip()]
        counts.update({_signature(line) for line in body[:_EDGE] + body[-_EDGE:]})
    threshold = max(2, math.ceil(0.5 * len(pages)))

    def furniture(line: str) -> bool:
        stripped = line.strip()
        return not stripped or counts[_signature(line)] >= threshold or bool(_PAGE_NUMBER.match(stripped))

    out, removed = [], 0
    for lines in page_lines:
        lo, hi = 0, len(lines)
        while lo < hi and furniture(lines[lo]):
            removed += bool(lines[lo].strip())
            lo += 1
        while hi > lo and furniture(lines[hi - 1]):
            removed += bool(lines[hi - 1].strip())
            hi -= 1
        out.append(lines[lo:hi])
    return _move_footnotes(out), removed


_FOOTNOTE = re.compile(r"^\s*(?:[\u00b9\u00b2\u00b3\u2070\u2074-\u2079]+|\d{1,2})\s+\S")


def _move_footnotes(pages: list[list[str]]) -> list[str]:
    """A page's footnotes (a block at its foot, after a blank line, opening with a footnote number) are
    moved to after the paragraph that runs on over the page break, so they do not cut it in two."""
    out: list[str] = []
    carried: list[str] = []
    for lines in pages:
        if carried:
            gap = next((k for k, line in enumerate(lines) if not line.strip()), len(lines))
            lines = [*lines[:gap], "", *carried, *lines[gap:]]
            carried = []
        start = _footnote_start(lines)
        if start is not None:
            carried, lines = lines[start:], lines[:start]
        out.append("\n".join(lines))
    if carried:
        out.append("\n".join(carried))
    return out


def _footnote_start(lines: list[str]) -> int | None:
    """Where the footnotes at the foot of the page begin: after the last blank line, a line opening with a
    footnote number, when the page's text before it stops mid-sentence."""
    blank = max((k for k, line in enumerate(lines) if not line.strip()), default=None)
    if blank is None or blank + 1 >= len(lines) or not _FOOTNOTE.match(lines[blank + 1]):
        return None
    body = [line for line in lines[:blank] if line.strip()]
    if not body or body[-1].rstrip().endswith(tuple(_TERMINAL)):
        return None
    return blank


@dataclass
class _Cells:
    index: int
    left: str  # text in the first column ("" when the line holds only later cells)
    right: list[tuple[int, str]]  # (start column, text) of the later cells
    end: int  # column where the line's text ends


def _cells(index: int, line: str) -> _Cells:
    indent = len(line) - len(line.lstrip(" "))
    parts: list[tuple[int, str]] = []
    pos = indent
    for match in re.finditer(r" {3,}", line[indent:]):
        start = indent + match.start()
        parts.append((pos, line[pos:start]))
        pos = indent + match.end()
    parts.append((pos, line[pos:].rstrip()))
    parts = [(col, text) for col, text in parts if text]
    if not parts:
        return _Cells(index, "", [], 0)
    end = len(line.rstrip())
    if len(parts) > 3 or any(len(text) > _MAX_VALUE for _, text in parts[1:]):
        return _Cells(index, " ".join(text for _, text in parts), [], end)  # justified text, not columns
    if len(parts) == 1 and indent > 20 and len(parts[0][1]) <= 20:  # a value alone in a right column
        return _Cells(index, "", parts, end)
    return _Cells(index, parts[0][1], parts[1:], end)


def _rebuild_tables(lines: list[str]) -> list[str]:
    cells = [_cells(i, line) for i, line in enumerate(lines)]
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not cells[i].right:
            out.append(lines[i])
            i += 1
            continue
        column = min(col for col, _ in cells[i].right)
        lo = i
        while (lo - 1 >= 0 and _in_column(cells[lo - 1], column) and not cells[lo - 1].right and out
               and out[-1] == lines[lo - 1] and not lines[lo - 1].rstrip().endswith(tuple(_TERMINAL))):
            lo -= 1
            out.pop()
        hi = i + 1
        while hi < len(lines) and _in_column(cells[hi], column):
            hi += 1
        region = cells[lo:hi]
        two_columns = [c for c in region if c.left and c.right]
        # a table has a line with two columns, and more than one such line or a figure in its values
        figures = any(ch.isdigit() for c in two_columns for _, t in c.right for ch in t)
        if not two_columns or (len([c for c in region if c.right]) < 2 and not figures):
            out.extend(lines[lo:hi])
        else:
            out.extend(_rows(cells[lo:hi]))
        i = hi
    return out


def _in_column(c: _Cells, column: int) -> bool:
    """The line fits the table: its first cell ends before the later column starts, and any later cell
    starts near that column."""
    if (not c.left and not c.right) or "\t" in c.left:  # blank, or already a TAB-joined row
        return False
    if c.right and not any(abs(col - column) <= 12 or col > column for col, _ in c.right):
        return False
    return c.end < column or bool(c.right)


def _rows(region: list[_Cells]) -> list[str]:
    rows: list[tuple[list[str], list[str]]] = []
    open_row = False
    for n, c in enumerate(region):
        nxt = region[n + 1] if n + 1 < len(region) else None
        values = [text for _, text in c.right]
        if c.left:
            if not open_row:
                rows.append(([], []))
            rows[-1][0].append(c.left.strip())
            open_row = True
        elif not open_row:  # a value printed above the first line of its row
            rows.append(([], []))
            open_row = True
        rows[-1][1].extend(values)
        ends_sentence = c.left.rstrip().endswith(tuple(_TERMINAL))
        next_starts = nxt is not None and (nxt.left[:1].isupper() or nxt.left[:1].isdigit())
        if rows[-1][0] and (ends_sentence or (rows[-1][1] and next_starts)):
            open_row = False
    out = []
    for left, right in rows:
        cells = [" ".join(left)] + right if left else right
        out.append("\t".join(cells))
    return out
