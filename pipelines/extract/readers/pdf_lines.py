"""PDF page -> positioned lines: words grouped into lines in reading order, ruled tables turned into
row lines, wide gaps inside a line (a borderless table) turned into TABs, leading bullet glyphs noted,
small raised digits turned into superscript characters. List markers are told apart from the text by
position: a bullet glyph (including Symbol/Wingdings private-use glyphs such as U+F0B7 and unmapped
"(cid:N)" glyphs) or a small filled shape drawn just left of a line's first word (how browsers print list
discs) makes the line a bullet item. Works on pages shaped like pdfplumber's (`pdf_page.PdfiumPage`);
joining lines into paragraphs and dropping running headers are in `pdf_layout`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from statistics import median
from typing import Any

BULLETS = frozenset("•●▪■◦○‣⁃∙-*\uf0b7\uf0a7\uf076\uf0d8\uf0fc")
# a glyph with no Unicode meaning (private use area) or one pdfminer could not map: a list marker when it
# stands alone before a line's text
_GLYPH_MARKER = re.compile(r"^(?:[\ue000-\uf8ff]|\(cid:\d+\))$")
_MARKER_MAX = 8.0  # points: the largest side of a drawn list disc or square


def is_marker(text: str) -> bool:
    return text in BULLETS or _GLYPH_MARKER.match(text) is not None
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass
class Line:
    page: int  # 1-based
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    text: str = ""
    bullet: bool = False
    first_word_width: float = 0.0
    cells: list[str] | None = None  # a table row: the cells' texts (may hold newlines)
    words: list[str] = field(default_factory=list)
    ruled: bool = False  # a row of a table drawn with ruling lines

    @property
    def is_row(self) -> bool:
        return self.cells is not None


def page_lines(page: Any, page_no: int) -> list[Line]:
    """The page's lines and table rows, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    words = [
        w
        for w in page.extract_words(extra_attrs=["size"], keep_blank_chars=False)
        if not any(_inside(w, box) for box in boxes)
    ]
    discs = _drawn_markers(page, boxes)
    lines = [_line(group, page_no, discs) for group in _group_lines(words)]
    for table in tables:
        for row, cells in zip(table.rows, table.extract(), strict=False):
            texts = [c or "" for c in cells if c is not None]
            if any(t.strip() for t in texts):
                x0, top, x1, bottom = row.bbox
                lines.append(Line(page_no, top, bottom, x0, x1, 0.0, cells=texts, ruled=True))
    lines.sort(key=lambda line: (line.top, line.x0))
    return lines


def _drawn_markers(page: Any, boxes: list[tuple[float, float, float, float]]) -> list[tuple[float, float]]:
    """Centres (x, y) of small filled shapes outside tables: list discs a browser draws instead of text."""
    centres = []
    for shape in [*page.curves, *page.rects]:
        width, height = shape["x1"] - shape["x0"], shape["bottom"] - shape["top"]
        if shape.get("fill") and 0.5 < width <= _MARKER_MAX and 0.5 < height <= _MARKER_MAX \
                and 0.5 < width / height < 2:
            centre = ((shape["x0"] + shape["x1"]) / 2, (shape["top"] + shape["bottom"]) / 2)
            if not any(box[0] <= centre[0] <= box[2] and box[1] <= centre[1] <= box[3] for box in boxes):
                centres.append(centre)
    return centres


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    cx = (word["x0"] + word["x1"]) / 2
    cy = (word["top"] + word["bottom"]) / 2
    return box[0] <= cx <= box[2] and box[1] <= cy <= box[3]


def _group_lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words whose vertical extents overlap by at least half the smaller height share a line."""
    groups: list[list[dict[str, Any]]] = []
    spans: list[tuple[float, float]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        for i in range(len(groups) - 1, max(-1, len(groups) - 4), -1):
            top, bottom = spans[i]
            overlap = min(bottom, word["bottom"]) - max(top, word["top"])
            if overlap >= 0.5 * min(bottom - top, word["bottom"] - word["top"]):
                groups[i].append(word)
                spans[i] = (min(top, word["top"]), max(bottom, word["bottom"]))
                break
        else:
            groups.append([word])
            spans.append((word["top"], word["bottom"]))
    return [sorted(g, key=lambda w: w["x0"]) for g in groups]


def _line(words: list[dict[str, Any]], page_no: int, discs: list[tuple[float, float]] = ()) -> Line:
    size = median(w["size"] for w in words)
    baseline = max(w["bottom"] for w in words if w["size"] >= size - 0.1)
    line = Line(
        page_no,
        top=min(w["top"] for w in words),
        bottom=max(w["bottom"] for w in words),
        x0=words[0]["x0"],
        x1=max(w["x1"] for w in words),
        size=size,
    )
    if len(words) > 1 and is_marker(words[0]["text"]):
        line.bullet = True
        words = words[1:]
        line.x0 = words[0]["x0"]
    elif words[0]["text"][:1] in "\uf0b7\uf0a7" and len(words[0]["text"]) > 1:  # a glyph glued to the text
        line.bullet = True
        words = [{**words[0], "text": words[0]["text"][1:]}, *words[1:]]
    elif any(line.x0 - 4 * size <= x < line.x0 and line.top - 1 <= y <= line.bottom + 1 for x, y in discs):
        line.bullet = True
    gaps = [b["x0"] - a["x1"] for a, b in zip(words, words[1:], strict=False)]
    # a column gap is wide, and much wider than the line's ordinary (possibly justified) spacing
    ordinary = median(sorted(gaps)[:-1]) if len(gaps) > 1 else 0.3 * size
    parts: list[str] = []
    for i, word in enumerate(words):
        text = word["text"]
        if word["size"] < 0.85 * size and word["bottom"] < baseline - 1 and text.isdigit():
            text = text.translate(_SUPERSCRIPT)
        if i:
            gap = gaps[i - 1]
            column = gap > 2.5 * size and gap > 3 * ordinary
            parts.append("\t" if column else ("" if gap < 0.05 * size else " "))
        parts.append(text)
    line.text = "".join(parts)
    line.words = line.text.replace("\t", " ").split()
    line.first_word_width = words[0]["x1"] - words[0]["x0"]
    if "\t" in line.text:
        line.cells = line.text.split("\t")
    return line
