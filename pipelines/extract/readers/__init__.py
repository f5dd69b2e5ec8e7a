"""Turn a source file's bytes into text, choosing the reader by content (magic bytes), not by name.

Each reader returns plain text in reading order, laid out like the .txt reports (headings on their own
lines, "- " bullets, table rows as TAB-joined lines, blank lines between paragraphs), plus the warnings it
raised. Text normalisation (quotes, dashes, bold markers, broken words) and parsing happen later in
`pipelines.extract`. Readers never touch the network or the file system beyond the bytes they are given,
and every bad file ends in `UnreadableDocument` naming the file and the problem, within `Limits`.
"""

from __future__ import annotations

import codecs
import re

from pipelines.extract.model import Issue
from pipelines.extract.readers.blocks import page_for_offset
from pipelines.extract.readers.budget import check_html_shape, parse_budget
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import DEFAULT_LIMITS, Limits, check_input_size
from pipelines.extract.readers.text import decode_text, utf16_without_bom
from pipelines.extract.readers.text_layout import relayout

__all__ = [
    "Limits",
    "UnreadableDocument",
    "decode_text",
    "page_for_offset",
    "read_document",
    "read_document_with_pages",
    "sniff",
]

_BINARY_KINDS = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"\x1f\x8b": "a gzip archive",
    b"Rar!": "a RAR archive",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive",
    b"{\\rtf": "an RTF document",
}
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<body")
# a fragment of a page (saved from a content system, say) starts with one of its block elements
_HTML_FRAGMENT_STARTS = (b"<main", b"<article", b"<section", b"<div", b"<h1", b"<h2", b"<header", b"<p>",
                         b"<p ", b"<table", b"<ul", b"<ol", b"<nav")


def sniff(data: bytes) -> str:
    """The document kind by content: 'pdf', 'zip' (docx), 'ole' (legacy .doc), 'html', 'text' or
    'binary'."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(head):
        return "text"
    if b"\x00" in head or head.startswith(tuple(_BINARY_KINDS)):
        return "binary"
    stripped = head.removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if stripped.startswith(b"<") and (any(marker in stripped for marker in _HTML_MARKERS)
                                      or stripped.startswith(_HTML_FRAGMENT_STARTS)):
        return "html"
    return "text"


# control characters but tab, newline, carriage return and form feed, and the replacement character
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _mostly_control(text: str) -> bool:
    """More than 5% control or undecodable characters: binary data that merely lacks NUL bytes."""
    sample = text[:20000]
    bad = len(_NOT_TEXT.findall(sample))  # one regex scan: text has next to none of them
    return bad > 0.05 * max(len(sample), 1)


def describe_binary(data: bytes) -> str:
    for magic, name in _BINARY_KINDS.items():
        if data.startswith(magic):
            return name
    return "binary data"


def read_document_with_pages(
    data: bytes, source_file: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, list[Issue], list[int]]:
    """Text, warnings and the offset in the text where each page begins (empty when the format has no
    pages). Raises UnreadableDocument."""
    check_input_size(data, source_file, limits)
    if not data.strip():
        raise UnreadableDocument("empty_file", f"{source_file}: the file is empty")
    kind = sniff(data)
    if kind == "pdf":
        from pipelines.extract.readers.pdf import read_pdf

        with parse_budget(source_file, "PDF", limits):
            return read_pdf(data, source_file, limits)
    if kind == "zip":
        from pipelines.extract.readers.docx import read_docx

        with parse_budget(source_file, "Word document", limits):
            text, warnings = read_docx(data, source_file, limits)
        return text, warnings, []
    if kind == "html":
        from pipelines.extract.readers.html import read_html

        with parse_budget(source_file, "web page", limits):
            check_html_shape(data, source_file, limits)  # before any tree is built
            text, warnings = read_html(data, source_file, limits)
        return text, warnings, []
    if kind == "text":
        text, warnings = decode_text(data)
        if _mostly_control(text):
            raise UnreadableDocument("not_text", f"{source_file}: {describe_binary(data)}, not a report")
        text, removed = relayout(text)
        if removed:
            warnings.append(Issue("warning", "page_furniture_removed",
                                  f"removed {removed} running header/footer and page-number line(s) at page "
                                  "edges"))
        return text, warnings, []
    if kind == "ole":
        raise UnreadableDocument(
            "legacy_office_format",
            f"{source_file}: a legacy Office (.doc/.xls) file; only .docx, .pdf, .html and .txt are read",
        )
    raise UnreadableDocument("not_text", f"{source_file}: {describe_binary(data)}, not a report")


def read_document(data: bytes, source_file: str) -> tuple[str, list[Issue]]:
    """Text of the document and the reader's warnings; raises UnreadableDocument."""
    text, warnings, _ = read_document_with_pages(data, source_file)
    return text, warnings
