"""The layout every reader produces: a list of blocks rendered into the plain text the extractor reads.

A block is a heading, a paragraph (which may hold forced line breaks), a list item (text already starting
"- " or "3. ") or a table row (cells joined by TAB). `render` lays blocks out like the .txt reports:
consecutive list items and consecutive table rows on consecutive lines, every other pair of blocks
separated by one blank line. Format-specific parsing does not belong here; only the shared layout and
small text helpers do.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "para", "item", "row"]

_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_TIGHT_KINDS = {"item", "row"}


@dataclass
class Block:
    kind: BlockKind
    text: str
    # (offset within `text`, 1-based page number) where each page's share of this block begins
    pages: list[tuple[int, int]] = field(default_factory=list)


def clean_inline(text: str) -> str:
    """Collapse runs of spaces (not newlines) to one space and trim each line."""
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def row_text(cells: list[str]) -> str:
    """One table row as a line: each cell's text on one line, cells joined by TAB."""
    return "\t".join(_SPACES.sub(" ", c.replace("\n", " ")).strip() for c in cells)


def render(blocks: list[Block], page_count: int = 0) -> tuple[str, list[int]]:
    """The text of `blocks` and, when `page_count` > 0, the offset where each page begins.

    A page with no text of its own begins where the next text begins (or at the end).
    """
    parts: list[str] = []
    length = 0
    page_marks: dict[int, int] = {}
    previous: Block | None = None
    for block in blocks:
        if not block.text.strip():
            continue
        if previous is not None:
            sep = "\n" if block.kind == previous.kind and block.kind in _TIGHT_KINDS else "\n\n"
            parts.append(sep)
            length += len(sep)
        for offset, page in block.pages:
            page_marks.setdefault(page, length + offset)
        parts.append(block.text)
        length += len(block.text)
        previous = block
    text = "".join(parts)
    if text:
        text += "\n"
    starts: list[int] = []
    next_start = len(text)
    for page in range(page_count, 0, -1):
        next_start = min(page_marks.get(page, next_start), next_start)
        starts.append(next_start)
    starts.reverse()
    return text, starts


def page_for_offset(page_starts: list[int], offset: int) -> int | None:
    """The 1-based page holding the character at `offset`; None when the document has no pages."""
    if not page_starts:
        return None
    return max(1, bisect_right(page_starts, offset))
