"""Read a report published as PDF: open it safely (encrypted, corrupt, scanned and oversized files are
refused with a clear reason), then lay its pages out as text with page provenance.

Opening and limits belong here; characters and drawn paths (PDFium) are read in `pdf_page`, line geometry is
in `pdf_lines`, paragraph layout in `pdf_layout`.
"""

from __future__ import annotations

import io
import logging
import zlib

import pypdf
import pypdfium2 as pdfium
from pdfminer.pdfparser import PDFSyntaxError
from pypdf.filters import ASCII85Decode, ASCIIHexDecode

from pipelines.extract.model import Issue
from pipelines.extract.readers.blocks import render
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import MB, Deadline, Limits
from pipelines.extract.readers.pdf_layout import build_blocks, drop_running_lines
from pipelines.extract.readers.pdf_lines import Line, page_lines
from pipelines.extract.readers.pdf_page import PdfiumPage

_CHUNK = 1 << 20
_MAX_STREAMS = 20_000  # content streams and forms of one report; a real one has a few hundred
logging.getLogger("pypdf").setLevel(logging.ERROR)
logging.getLogger("pdfminer").setLevel(logging.ERROR)


def read_pdf(data: bytes, source_file: str, limits: Limits) -> tuple[str, list[Issue], list[int]]:
    _check_openable(data, source_file, limits)
    deadline = Deadline(source_file, limits.max_seconds)
    pages: list[list[Line]] = []
    try:
        pdf = pdfium.PdfDocument(data)
        try:
            for number in range(1, len(pdf) + 1):
                deadline.check(f"page {number}")
                page = PdfiumPage(pdf[number - 1])
                pages.append(page_lines(page, number))
                page.close()
        finally:
            pdf.close()
    except UnreadableDocument:
        raise
    except Exception as exc:  # PDFium (and the geometry read from it) fails in many ways on a damaged file
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
    """Refuse a PDF whose page content inflates past the cap (a decompression bomb) before PDFium, which
    has no such bound, inflates it: each page's content streams and form XObjects (each once, however
    often it is referenced) are decoded here in chunks, counting the bytes, stopping at the cap."""
    left = limits.max_decompressed_bytes
    deadline = Deadline(source_file, limits.max_seconds)
    seen: set[object] = set()
    for number, page in enumerate(reader.pages, start=1):
        deadline.check(f"page {number} (content size check)")
        for stream in _content_streams(page, seen):
            try:
                left -= _decoded_size(stream, left)
            except (zlib.error, ValueError, pypdf.errors.PyPdfError):
                continue  # a damaged stream: PDFium reports what it cannot read
            if left < 0:
                raise UnreadableDocument(
                    "pdf_bomb",
                    f"{source_file}: refused as a possible decompression bomb: its pages inflate past "
                    f"{limits.max_decompressed_bytes // MB} MB")
        if len(seen) > _MAX_STREAMS:
            raise UnreadableDocument("pdf_bomb", f"{source_file}: refused: its pages draw on more than "
                                     f"{_MAX_STREAMS} content streams")


def _key(obj: object) -> object:
    ref = getattr(obj, "indirect_reference", None)
    return (ref.idnum, ref.generation) if ref is not None else id(obj)


def _content_streams(page: object, seen: set[object], depth: int = 0):
    """The page's (or form's) content streams and, depth first, its form XObjects', each only once."""
    contents = page.get("/Contents") if depth == 0 else None
    contents = contents.get_object() if contents is not None else None
    for item in contents if isinstance(contents, pypdf.generic.ArrayObject) else [contents]:
        stream = item.get_object() if item is not None else None
        if stream is not None and _key(stream) not in seen:
            seen.add(_key(stream))
            yield stream
    resources = page.get("/Resources")
    xobjects = resources.get_object().get("/XObject") if resources is not None else None
    if xobjects is None or depth > 3:
        return
    for ref in xobjects.get_object().values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") != "/Form" or _key(xobject) in seen:  # images are not read for text
            continue
        seen.add(_key(xobject))
        yield xobject
        yield from _content_streams(xobject, seen, depth + 1)


def _decoded_size(stream: object, limit: int) -> int:
    """Bytes the stream decodes to, through its whole filter chain, counted up to just past `limit`;
    after a filter not decoded here (an image codec), the size so far."""
    data = getattr(stream, "_data", b"") or b""
    filters = stream.get("/Filter") if hasattr(stream, "get") else None
    names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)] if filters else []
    for at, name in enumerate(names):
        if name in ("/FlateDecode", "/Fl"):
            last = at == len(names) - 1
            data, size = _inflate(data, limit, keep=not last)
            if last or size > limit:
                return size
        elif name in ("/ASCII85Decode", "/A85"):
            data = ASCII85Decode.decode(data)
        elif name in ("/ASCIIHexDecode", "/AHx"):
            data = ASCIIHexDecode.decode(data)
        else:
            break
    return len(data)


def _inflate(raw: bytes, limit: int, keep: bool) -> tuple[bytes, int]:
    """Inflate in chunks up to just past `limit`: (the bytes when `keep`, else b"", how many)."""
    inflater = zlib.decompressobj()
    out: list[bytes] = []
    total = 0
    for at in range(0, max(len(raw), 1), _CHUNK):
        piece = inflater.decompress(raw[at:at + _CHUNK], _CHUNK)
        while True:
            total += len(piece)
            if keep:
                out.append(piece)
            if total > limit or not inflater.unconsumed_tail:
                break
            piece = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        if total > limit:
            break
    return b"".join(out), total
