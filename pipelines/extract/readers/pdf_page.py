"""A PDF page read by PDFium (pypdfium2), in the shape pdfplumber gives: characters (text, box, font size)
and ruling edges and filled shapes from the drawn paths, in top-left page coordinates. Font weight is not
read: nothing downstream uses it (headings are told by size), and it would cost a call per character.

PDFium reads a page in a few milliseconds where pdfminer (inside pdfplumber) takes over a hundred; the
geometry is then handed to pdfplumber's pure-Python word grouping and ruled-table finder, which are kept.
Only reading one page belongs here: line geometry is in `pdf_lines`, opening files and limits in `pdf`.
"""

from __future__ import annotations

import ctypes
from functools import cached_property
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from pdfplumber import utils
from pdfplumber.table import Table, TableFinder

_SKIP_CODES = frozenset(map(ord, "\r\n\x00\uffff"))
_PATH = raw.FPDF_PAGEOBJ_PATH
_FORM = raw.FPDF_PAGEOBJ_FORM
_Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: _Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class PdfiumPage:
    """What `pdf_lines` reads from a page: `chars`, `edges`, `rects`, `curves`, `extract_words`,
    `find_tables` (pdfplumber's ruled-table finder run on PDFium's geometry)."""

    def __init__(self, page: pdfium.PdfPage) -> None:
        self._page = page
        box = raw.FS_RECTF()  # the visible page (media box inherited from the page tree, cut by the crop box)
        raw.FPDF_GetPageBoundingBox(page.raw, ctypes.byref(box))
        self._left, self._top = box.left, box.top
        self.bbox = (0.0, 0.0, box.right - box.left, box.top - box.bottom)

    @cached_property
    def chars(self) -> list[dict[str, Any]]:
        textpage = self._page.get_textpage()
        try:
            return _chars(textpage.raw, self._left, self._top)
        finally:
            textpage.close()

    @cached_property
    def _shapes(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(edges, filled shapes): each straight axis-aligned segment of a drawn path, and the box of
        every filled sub-path."""
        edges: list[dict[str, Any]] = []
        filled: list[dict[str, Any]] = []
        page = self._page.raw
        for i in range(raw.FPDFPage_CountObjects(page)):
            self._walk(raw.FPDFPage_GetObject(page, i), _IDENTITY, edges, filled, 0)
        return edges, filled

    def _walk(self, obj: Any, parent: _Matrix, edges: list, filled: list, depth: int) -> None:
        kind = raw.FPDFPageObj_GetType(obj)
        if kind not in (_PATH, _FORM) or depth > 8:
            return
        matrix = raw.FS_MATRIX()
        own = _IDENTITY
        if raw.FPDFPageObj_GetMatrix(obj, ctypes.byref(matrix)):
            own = (matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f)
        combined = _multiply(own, parent)
        if kind == _FORM:
            for i in range(raw.FPDFFormObj_CountObjects(obj)):
                self._walk(raw.FPDFFormObj_GetObject(obj, i), combined, edges, filled, depth + 1)
            return
        fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
        raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
        for points, straight in _subpaths(obj, combined):
            page_points = [(x - self._left, self._top - y) for x, y in points]
            for (ax, ay), (bx, by), line in zip(page_points, page_points[1:], straight, strict=False):
                if line and (abs(ax - bx) < 1e-3 or abs(ay - by) < 1e-3):
                    edges.append(_edge(ax, ay, bx, by))
            if fill.value and len(page_points) > 1:
                xs, ys = [p[0] for p in page_points], [p[1] for p in page_points]
                filled.append({"x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys), "fill": True})

    @property
    def edges(self) -> list[dict[str, Any]]:
        return self._shapes[0]

    @property
    def rects(self) -> list[dict[str, Any]]:
        return self._shapes[1]

    @property
    def curves(self) -> list[dict[str, Any]]:
        return []  # every filled shape, curved or not, is in `rects`

    def extract_words(self, **kwargs: Any) -> list[dict[str, Any]]:
        return utils.extract_words(self.chars, **kwargs)

    def find_tables(self) -> list[Table]:
        """pdfplumber's ruled tables (from `edges` and `bbox`); each reads its text from `chars`, given
        here only the characters inside it (a table scans its chars once per row)."""
        tables = TableFinder(self).tables
        for table in tables:
            x0, top, x1, bottom = table.bbox
            table.page = _Chars([
                c for c in self.chars
                if x0 <= (c["x0"] + c["x1"]) / 2 <= x1 and top <= (c["top"] + c["bottom"]) / 2 <= bottom
            ])  # fmt: skip
        return tables

    def close(self) -> None:
        self._page.close()


class _Chars:
    """What a pdfplumber `Table` reads from its page: the characters."""

    def __init__(self, chars: list[dict[str, Any]]) -> None:
        self.chars = chars


def _chars(textpage: Any, left: float, top: float) -> list[dict[str, Any]]:
    """Each character PDFium reads on the page with its loose box (advance width, font ascent to descent)
    and font size. A space PDFium inserts where the glyphs leave a word gap is kept as a word break (at the
    height of the character before it); its inserted line breaks are not. The text comes in one call; the
    font size and rotation are asked only where a character's box does not carry on the line of the one
    before (same top and bottom, further right): the same ascent and descent on the same baseline is the
    same size. Each ctypes call per character costs about a microsecond, most of the time here."""
    count = raw.FPDFText_CountChars(textpage)
    buffer = (ctypes.c_ushort * (count + 1))()
    raw.FPDFText_GetText(textpage, 0, count, buffer)
    codes: Any = memoryview(buffer).cast("B").cast("H")[:count]  # one UTF-16 unit per character index
    if any(0xD800 <= code < 0xE000 for code in codes):  # a character outside the BMP: ask one at a time
        codes = [raw.FPDFText_GetUnicode(textpage, i) for i in range(count)]
    box = raw.FS_RECTF()
    box_ref = ctypes.byref(box)
    loose_box, font_size = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontSize
    chars: list[dict[str, Any]] = []
    char_top = bottom = previous_x0 = size = 0.0
    upright = True
    for i, code in enumerate(codes):
        if code in _SKIP_CODES:
            continue
        loose_box(textpage, i, box_ref)
        x0 = box.left - left
        if code == 32 and raw.FPDFText_IsGenerated(textpage, i) == 1:
            if chars:
                chars.append({**chars[-1], "text": " ", "x0": x0, "x1": x0, "size": 0.0})
            continue
        text = "-" if code in (2, 0xFFFE) else chr(code)  # a hyphen at a line end, as PDFium marks it
        odd = code < 32 or 0x7F <= code < 0xA0 or 0xE000 <= code < 0xF900  # how an unmapped glyph may come
        if odd and raw.FPDFText_HasUnicodeMapError(textpage, i) == 1:
            text = f"(cid:{raw.FPDFText_GetUnicode(textpage, i)})"  # as pdfminer spells a glyph it cannot map
        new_top, new_bottom = top - box.top, top - box.bottom
        if new_top != char_top or new_bottom != bottom or x0 < previous_x0:
            upright = abs(raw.FPDFText_GetCharAngle(textpage, i)) < 0.01
            size = font_size(textpage, i)
        char_top, bottom, previous_x0 = new_top, new_bottom, x0
        chars.append({
            "text": text, "x0": x0, "x1": box.right - left, "top": char_top, "bottom": bottom,
            "doctop": char_top, "height": bottom - char_top, "upright": upright,
            "size": size,
        })  # fmt: skip
    return chars


def _subpaths(obj: Any, matrix: _Matrix):
    """Each sub-path's points in page space, and for each segment whether it is a straight line."""
    x, y = ctypes.c_float(0), ctypes.c_float(0)
    points: list[tuple[float, float]] = []
    straight: list[bool] = []
    start: tuple[float, float] | None = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
        point = _apply(matrix, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(segment)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            if len(points) > 1:
                yield points, straight
            points, straight, start = [point], [], point
            continue
        points.append(point)
        straight.append(kind == raw.FPDF_SEGMENT_LINETO)
        if raw.FPDFPathSegment_GetClose(segment) and start is not None and point != start:
            points.append(start)
            straight.append(True)
    if len(points) > 1:
        yield points, straight


def _edge(ax: float, ay: float, bx: float, by: float) -> dict[str, Any]:
    x0, x1, top, bottom = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    return {
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
        "width": x1 - x0, "height": bottom - top,
        "orientation": "v" if abs(ax - bx) < 1e-3 else "h",
        "object_type": "curve_edge",
    }  # fmt: skip


def _multiply(m: _Matrix, n: _Matrix) -> _Matrix:
    """m then n (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _apply(m: _Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
