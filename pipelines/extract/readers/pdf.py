"""Read a report published as PDF: open it safely (encrypted, corrupt, scanned and oversized files are
refused with a clear reason), then lay its pages out as text with page provenance.

Opening and limits belong here; line geometry is in `pdf_lines`, paragraph layout in `pdf_layout`.
"""

from __future__ import annotations

import io
import logging
import zlib

import pdfplumber
import pypdf
from pdfminer.pdfparser import PDFSyntaxError

from pipelines.extract.model import Issue
from pipelines.extract.readers.blocks import render
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import MB, Deadline, Limits
from pipelines.extract.readers.pdf_layout import build_blocks, drop_running_lines
from pipelines.extract.readers.pdf_lines import Line, page_lines

_CHUNK = 1 << 20
logging.getLogger("pypdf").setLevel(logging.ERROR)
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(data: bytes, source_file: str, limits: Limits) -> tuple[str, list[Issue], list[int]]:
    _check_openable(data, source_file, limits)
    deadline = Deadline(source_file, limits.max_seconds)
    pages: list[list[Line]] = []
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                deadline.check(f"page {number}")
                pages.append(page_lines(page, number))
                page.close()
    except UnreadableDocument:
        raise
    except Exception as exc:  # pdfminer raises many kinds of error on a damaged file
        raise UnreadableDocument(
            "pdf_corrupt", f"{source_file}: damaged PDF, page {len(pages) + 1} cannot be read ({exc})"
        ) from exc
    empty = [n for n, lines in enumerate(pages, start=1) if not lines]
    if len(empty) == len(pages):
        raise UnreadableDocument(
            "pdf_no_text",
            f"{source_file}: the PDF has no text layer (a scanned document?); scanned PDF: OCR is not "
            "supported",
        )
    warnings = []
    if empty:
        warnings.append(
            Issue("warning", "pdf_page_without_text",
                  f"pages {', '.join(map(str, empty))} have no text layer (images only); not read")
        )  # fmt: skip
    text, starts = render(build_blocks(drop_running_lines(pages)), page_count=len(pages))
    return text, warnings, starts


def _check_openable(data: bytes, source_file: str, limits: Limits) -> int:
    """The page count, after refusing encrypted, damaged and oversized files."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")
            except Exception:  # e.g. an encryption method pypdf cannot undo
                opened = pypdf.PasswordType.NOT_DECRYPTED
            if opened == pypdf.PasswordType.NOT_DECRYPTED:
                raise UnreadableDocument(
                    "pdf_encrypted", f"{source_file}: the PDF is encrypted and needs a password to open"
                )
        count = len(reader.pages)
    except UnreadableDocument:
        raise
    except (pypdf.errors.PyPdfError, PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument("pdf_corrupt", f"{source_file}: damaged PDF ({exc})") from exc
    if count == 0:
        raise UnreadableDocument("pdf_corrupt", f"{source_file}: the PDF has no pages")
    if count > limits.max_pages:
        raise UnreadableDocument(
            "pdf_too_many_pages",
            f"{source_file}: {count} pages is more than the {limits.max_pages} a report may have",
        )
    _check_inflated_size(reader, source_file, limits)
    return count


def _check_inflated_size(reader: pypdf.PdfReader, source_file: str, limits: Limits) -> None:
    """Refuse a PDF whose page content inflates past the cap (a decompression bomb) before pdfminer, which
    has no such bound, inflates it: each page's content streams and form XObjects are inflated in chunks
    here, counting the bytes, and stopping at the cap."""
    left = limits.max_decompressed_bytes
    seen: set[int] = set()
    try:
        for page in reader.pages:
            for stream in _content_streams(page):
                if id(stream) in seen:
                    continue
                seen.add(id(stream))
                left -= _inflated_size(stream, left)
                if left < 0:
                    raise UnreadableDocument(
                        "pdf_bomb",
                        f"{source_file}: refused as a possible decompression bomb: its pages inflate past "
                        f"{limits.max_decompressed_bytes // MB} MB")
    except UnreadableDocument:
        raise
    except Exception as exc:  # a damaged content stream: let pdfplumber report what it can read
        logging.getLogger(__name__).debug("content size check skipped: %s", exc)


def _content_streams(page: pypdf.PageObject, depth: int = 0):
    contents = page.get("/Contents")
    contents = contents.get_object() if contents is not None else None
    items = contents if isinstance(contents, pypdf.generic.ArrayObject) else [contents]
    for item in items:
        if item is not None:
            yield item.get_object()
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None or depth > 3:
        return
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":  # images are not inflated to read text
            yield xobject
            yield from _content_streams(xobject, depth + 1)


def _inflated_size(stream: object, limit: int) -> int:
    """Bytes the stream inflates to, counted up to just past `limit`; its raw size when not Flate."""
    raw = getattr(stream, "_data", b"") or b""
    filters = stream.get("/Filter") if hasattr(stream, "get") else None
    names = list(filters) if isinstance(filters, list) else [filters]
    if names != ["/FlateDecode"]:
        return len(raw)
    inflater = zlib.decompressobj()
    total, chunk = 0, raw[:_CHUNK]
    rest = raw[_CHUNK:]
    while True:
        total += len(inflater.decompress(chunk, _CHUNK))
        while inflater.unconsumed_tail and total <= limit:
            total += len(inflater.decompress(inflater.unconsumed_tail, _CHUNK))
        if total > limit or not rest:
            return total
        chunk, rest = rest[:_CHUNK], rest[_CHUNK:]
