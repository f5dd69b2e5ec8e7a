"""Positioned PDF lines -> blocks of text in reading order.

Drops running headers and footers (lines repeated at the top or bottom of many pages, digits ignored)
and bare page numbers; joins the lines of a paragraph, using the page geometry to tell a line that wrapped
(the next line's first word would not have fitted) from a line the author ended; rejoins words hyphenated
at a line end when the document spells them unhyphenated elsewhere; carries a paragraph or bullet on over a
page break. Reading pages is in `pdf_lines`; opening files and limits are in `pdf`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from statistics import median

from pipelines.extract.readers.blocks import Block, row_text
from pipelines.extract.readers.pdf_lines import Line

_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.IGNORECASE)
_EDGE = 2  # lines at each end of a page that may be running headers or footers
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*")


def drop_running_lines(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove page furniture: a line at a page edge whose text (digits ignored) recurs at the same height
    on at least half the pages, and page numbers at an edge."""
    counts: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        counts.update({_signature(line) for line in _edges(lines)})
    threshold = max(2, math.ceil(0.5 * len(pages)))
    kept: list[list[Line]] = []
    for lines in pages:
        edges = {id(line) for line in _edges(lines)}
        kept.append([
            line for line in lines
            if id(line) not in edges
            or not (_repeats(counts, line, threshold) or _PAGE_NUMBER.match(_plain(line).strip()))
        ])  # fmt: skip
    return kept


def _plain(line: Line) -> str:
    return line.text if line.cells is None else " ".join(line.cells)


def _signature(line: Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", _plain(line).lower()).strip(), round(line.top / 6)


def _repeats(counts: Counter[tuple[str, int]], line: Line, threshold: int) -> bool:
    text, height = _signature(line)
    return sum(counts[(text, h)] for h in (height - 1, height, height + 1)) >= threshold


def _edges(lines: list[Line]) -> list[Line]:
    """The lines nearest the top and bottom of a page, not counting ruled-table rows (whose first row may
    repeat as a header on each page of the table)."""
    text_lines = [line for line in lines if not line.ruled]
    return text_lines[:_EDGE] + text_lines[-_EDGE:]


class Layout:
    """Document-wide measures used to join lines: right text edge per page parity, paragraph gap,
    and the vocabulary used to decide whether a line-end hyphen is part of the word."""

    def __init__(self, pages: list[list[Line]]) -> None:
        lines = [line for page in pages for line in page if not line.is_row]
        self.right = {parity: _right_edge([x for x in lines if x.page % 2 == parity]) for parity in (0, 1)}
        gaps = [
            b.top - a.bottom
            for page in pages
            for a, b in zip(page, page[1:], strict=False)
            if not (a.is_row or b.is_row) and abs(a.size - b.size) < 0.5 and b.top > a.bottom - 1
        ]
        self.line_gap = median(gaps) if gaps else 0.0
        self.vocabulary = {
            w.lower()
            for line in lines
            for w in _WORD.findall(line.text[:-1] if line.text.endswith("-") else line.text)
        }

    def wrapped(self, a: Line, b: Line) -> bool:
        """True when `b` carries on `a`: its first word would not have fitted at the end of `a`."""
        right = self.right[a.page % 2] or a.x1
        return a.x1 + 0.3 * a.size + b.first_word_width > right - 0.5

    def paragraph_break(self, a: Line, b: Line) -> bool:
        if a.page != b.page:  # carried over a page break: it wrapped, and goes on at the same indent
            return not self.wrapped(a, b) or abs(b.x0 - a.x0) > 0.5 * max(a.size, b.size)
        return b.top - a.bottom > self.line_gap + 0.3 * max(a.size, b.size)

    def join(self, left: str, right: str) -> str:
        """Join a wrapped line to the next, rejoining a word broken by a hyphen at the line end."""
        if left.endswith("\u00ad"):
            return left[:-1] + right
        match = re.search(r"([^\W\d_]+)-$", left)
        if match and right[:1].isalpha():
            head = match.group(1)
            tail = _WORD.match(right)
            whole = (head + (tail.group(0) if tail else "")).lower()
            hyphened = f"{head}-{tail.group(0) if tail else ''}".lower()
            if whole in self.vocabulary and hyphened not in self.vocabulary:
                return left[:-1] + right
            return left + right
        return f"{left} {right}"


def _right_edge(lines: list[Line]) -> float:
    if not lines:
        return 0.0
    ends = sorted(line.x1 for line in lines)
    return ends[min(len(ends) - 1, int(0.98 * len(ends)))]


def build_blocks(pages: list[list[Line]]) -> list[Block]:
    layout = Layout(pages)
    blocks: list[Block] = []
    current: Block | None = None
    previous: Line | None = None
    header_row = ""  # first row of the table being read, repeated at the top of its next page
    first_of_block: Line | None = None
    for line in (line for page in pages for line in page):
        if line.is_row:
            text = row_text([_cell_text(layout, cell) for cell in line.cells or []])
            if not (previous and previous.is_row):
                header_row = text
            elif previous.page != line.page and text == header_row:
                continue
            blocks.append(Block("row", text, [(0, line.page)]))
            current, previous = None, line
            continue
        starts_block = (
            current is None
            or previous is None
            or previous.is_row
            or line.bullet
            or abs(line.size - previous.size) > 1.0
            or layout.paragraph_break(previous, line)
            or _next_list_number(current.text, line.text)
            # a hanging indent ends: the line starts left of the item's wrapped lines
            or (previous is not first_of_block and line.x0 < previous.x0 - 0.5 * line.size)
        )
        if starts_block:
            current = Block("item" if line.bullet else "para", ("- " if line.bullet else "") + line.text)
            current.pages.append((0, line.page))
            blocks.append(current)
            first_of_block = line
        else:
            assert current is not None and previous is not None
            if layout.wrapped(previous, line):
                joined = layout.join(current.text, line.text)
            else:
                joined = f"{current.text}\n{line.text}"
            if line.page != previous.page:
                current.pages.append((len(joined) - len(line.text), line.page))
            current.text = joined
        previous = line
    _mark_numbered_items(blocks)
    return blocks


_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s")
_LIST_NUMBER = re.compile(r"^(\d{1,2})[.)]\s*(?=[^\W\d_])")  # "7. work", "10.provide"


def _next_list_number(block: str, line: str) -> bool:
    """The line opens the list item after the block's: "7. ..." after a block that opened "6. ..."."""
    this, before = _LIST_NUMBER.match(line), _LIST_NUMBER.match(block)
    return bool(this and before and int(this.group(1)) == int(before.group(1)) + 1)


def _mark_numbered_items(blocks: list[Block]) -> None:
    """Paragraphs that open with consecutive numbers ("4. ...", "5. ...") are items of one list."""
    numbers = [_NUMBERED.match(b.text) if b.kind == "para" else None for b in blocks]
    values = [int(m.group(1)) if m else None for m in numbers]
    for i, value in enumerate(values):
        if value is None:
            continue
        before = values[i - 1] if i else None
        after = values[i + 1] if i + 1 < len(values) else None
        if before == value - 1 or after == value + 1:
            blocks[i].kind = "item"


def _cell_text(layout: Layout, cell: str) -> str:
    parts = [p.strip() for p in cell.split("\n") if p.strip()]
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = layout.join(text, part)
    return text
