"""Read a report saved as a Word .docx: body headings, paragraphs, list items and tables as blocks, in
document order.

The archive's parts are inflated by `zip_parts` within `Limits` (actual decompressed size, entry count)
and python-docx opens only those checked bytes. List items get "- " for bullets and their computed number
("5. ") for numbered lists, following Word's numbering definitions. Page headers, footers, footnotes and
comments are not part of the body and are not read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree

from pipelines.extract.model import Issue
from pipelines.extract.readers.blocks import Block, clean_inline, render, row_text
from pipelines.extract.readers.docx_numbering import Numbering
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import Deadline, Limits
from pipelines.extract.readers.zip_parts import checked_archive


def read_docx(data: bytes, source_file: str, limits: Limits) -> tuple[str, list[Issue]]:
    document = _open(data, source_file, limits)
    deadline = Deadline(source_file, limits.max_seconds)
    numbering = Numbering.of(document)
    blocks: list[Block] = []
    for index, element in enumerate(_body_elements(document.element.body)):
        if index % 200 == 0:
            deadline.check(f"body element {index}")
        if element.tag == qn("w:p"):
            block = _paragraph_block(Paragraph(element, document), numbering)
            if block:
                blocks.append(block)
        elif element.tag == qn("w:tbl"):
            blocks.extend(_table_blocks(Table(element, document)))
    text, _ = render(blocks)
    if not text.strip():
        raise UnreadableDocument("docx_no_text", f"{source_file}: the Word document has no text")
    return text, []


def _open(data: bytes, source_file: str, limits: Limits) -> Document:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        message = f"{source_file}: not a readable zip archive ({exc})"
        raise UnreadableDocument("docx_corrupt", message) from exc
    with archive:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise UnreadableDocument(
                "not_a_word_document",
                f"{source_file}: a zip archive but not a Word document (no word/document.xml)",
            )
    try:
        checked = checked_archive(data, source_file, limits)  # python-docx reads only these bytes
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, zlib.error) as exc:
        raise UnreadableDocument("docx_corrupt", f"{source_file}: damaged archive ({exc})") from exc
    try:
        return docx.Document(io.BytesIO(checked))
    except (etree.XMLSyntaxError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnreadableDocument("docx_corrupt", f"{source_file}: damaged Word document ({exc})") from exc


def _body_elements(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables in order, looking inside content controls (w:sdt), e.g. a table of contents."""
    for child in container:
        if child.tag in (qn("w:p"), qn("w:tbl")):
            yield child
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_elements(content)


def _paragraph_text(paragraph: Paragraph) -> str:
    """Run text with breaks as newlines and tabs kept; deleted (tracked) text is not part of it."""
    parts: list[str] = []
    for node in paragraph._p.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"), qn("w:noBreakHyphen")):
        if any(a.tag == qn("w:del") for a in node.iterancestors()):
            continue
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == qn("w:tab"):
            parts.append("\t")
        elif node.tag == qn("w:noBreakHyphen"):
            parts.append("-")
        elif node.get(qn("w:type")) not in ("page", "column"):
            parts.append("\n")
        else:
            parts.append(" ")
    return "".join(parts)


def _paragraph_block(paragraph: Paragraph, numbering: Numbering) -> Block | None:
    raw = _paragraph_text(paragraph)
    style = numbering.style_name(paragraph)
    label = numbering.label(paragraph)
    if "\t" in raw.strip() and label is None:
        cells = [c for c in raw.strip().split("\t") if c.strip()]
        if len(cells) > 1:
            return Block("row", row_text(cells))
    text = clean_inline(raw.replace("\t", " "))
    if not text:
        return None
    if label is not None:
        return Block("item", f"{label} {text}")
    lowered = style.lower()
    if lowered.startswith("heading") or lowered in ("title", "subtitle"):
        return Block("heading", text)
    return Block("para", text)


def _table_blocks(table: Table) -> list[Block]:
    blocks: list[Block] = []
    for row in table.rows:
        cells: list[str] = []
        for tc in row._tr.tc_lst:  # each cell once, however wide it spans
            paragraphs = [clean_inline(_paragraph_text(Paragraph(p, table))) for p in tc.iter(qn("w:p"))]
            cells.append(" ".join(p for p in paragraphs if p))
        if any(cells):
            blocks.append(Block("row", row_text(cells)))
    return blocks
