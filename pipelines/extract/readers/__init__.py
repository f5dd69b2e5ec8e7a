"""Turn a source file's bytes into text, choosing the reader by content (magic bytes), not only by name.

Each reader returns plain text in reading order plus the warnings it raised; text normalisation
(quotes, dashes, bold markers, broken words) and parsing happen later in `pipelines.extract`.
Readers never touch the network or the file system beyond the bytes they are given.
"""

from __future__ import annotations

from pipelines.extract.model import Issue
from pipelines.extract.readers.text import decode_text


class UnreadableDocument(Exception):
    """The bytes are not a document we can read; the message says why, for a person."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def sniff(data: bytes) -> str:
    """The document kind by content: 'pdf', 'zip' (docx), 'html', 'text' or 'binary'."""
    head = data[:1024]
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with a byte-order mark
    if b"\x00" in head:
        return "binary"
    lowered = head.lstrip().lower()
    if lowered.startswith((b"<!doctype html", b"<html")) or b"<html" in lowered[:256]:
        return "html"
    return "text"


def read_document(data: bytes, source_file: str) -> tuple[str, list[Issue]]:
    """Text of the document and the reader's warnings; raises UnreadableDocument."""
    kind = sniff(data)
    if kind == "text":
        return decode_text(data)
    if kind == "binary":
        raise UnreadableDocument("not_text", f"{source_file}: binary content, not a report")
    raise UnreadableDocument(
        "unsupported_format", f"{source_file}: {kind} documents are not supported yet"
    )
