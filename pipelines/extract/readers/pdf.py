"""Read a report published as PDF: open it safely (encrypted, corrupt, scanned and oversized files are
refused with a clear reason), then lay its pages out as text with page provenance.

Opening and limits belong here; line geometry is in `pdf_lines`, paragraph layout in `pdf_layout`.
"""

from __future__ import annotations

import io
import logging

import pdfplumber
import pypdf
from pdfminer.pdfparser import PDFSyntaxError

from pipelines.extract.model import Issue
from pipelines.extract.readers.blocks import render
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import Deadline, Limits
from pipelines.extract.readers.pdf_layout import build_blocks, drop_running_lines
from pipelines.extract.readers.pdf_lines import Line, page_lines

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
    return count
