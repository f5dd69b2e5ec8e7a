"""Public API of the pure extraction library: bytes or text of one report in, an Extraction out.

Belongs here: the entry points the pipeline calls (extract_bytes, extract_file, extract_text, normalise)
and EXTRACTOR_VERSION. Parsing lives in the sibling modules; the Extraction/Issue contract in model.py;
decoding of PDF/HTML/Word/text in readers/. No Dagster here.
"""

from __future__ import annotations

import hashlib
import pathlib

from pipelines.extract.assemble import Hints, parse
from pipelines.extract.clean import normalise, normalise_with_issues
from pipelines.extract.model import Extraction, Issue
from pipelines.extract.pages import assign_pages, page_starts

# Bump whenever output could change: the extraction cache is keyed by (sha256, EXTRACTOR_VERSION).
EXTRACTOR_VERSION = "1.6.0"

_WEB_PAGE_MARK = "ack to top"  # a web page's "Back to top" links, which normalising removes

__all__ = ["EXTRACTOR_VERSION", "Extraction", "Issue", "extract_bytes", "extract_file", "extract_text",
           "normalise"]


def extract_text(text: str, source_file: str, source_sha256: str,
                 page_offsets: list[int] | None = None, hints: Hints | None = None) -> Extraction:
    """Normalise and parse one report's text. Never raises for bad input: problems become Issues.
    `page_offsets`: where each page begins in `text` (from a PDF), for the rows' `page_no`; `hints`: what
    the reader knows beyond the text (a web page's date metadata)."""
    result = Extraction(source_file=source_file, source_sha256=source_sha256,
                        extractor_version=EXTRACTOR_VERSION)
    try:
        normalised, notes = normalise_with_issues(text)
        if not normalised or normalised.isspace():  # no copy of the text, unlike strip()
            result.issues.append(Issue("error", "empty_file", f"{source_file}: the file has no text"))
            return result
        if hints is None:
            hints = Hints(web_page=_WEB_PAGE_MARK in text)
        report_id, rows, issues = parse(normalised, hints)
        assign_pages(rows, page_starts(normalised, text, page_offsets) if page_offsets else None)
    except Exception as exc:  # a parser bug must not stop the run; it is reported loudly instead
        result.issues.append(Issue("error", "internal_error",
                                   f"{source_file}: extractor failed: {type(exc).__name__}: {exc}"))
        return result
    result.report_id = report_id
    result.rows = rows
    result.issues.extend(notes + issues)
    if report_id is not None:
        rows["reports"][0].update(source_file=source_file, source_sha256=source_sha256,
                                  extractor_version=EXTRACTOR_VERSION)
    return result


def extract_bytes(data: bytes, source_file: str) -> Extraction:
    """Read (any supported format), normalise and parse one file's bytes. Never raises for bad input."""
    from pipelines.extract.readers import UnreadableDocument, read_document_with_pages

    sha = hashlib.sha256(data).hexdigest()
    if not data:
        return Extraction(source_file, sha, EXTRACTOR_VERSION,
                          issues=[Issue("error", "empty_file", f"{source_file}: the file is empty")])
    from pipelines.extract.readers import sniff
    from pipelines.extract.readers.html_meta import page_date

    try:
        text, warnings, page_offsets = read_document_with_pages(data, source_file)
    except UnreadableDocument as exc:
        return Extraction(source_file, sha, EXTRACTOR_VERSION, issues=[Issue("error", exc.code, str(exc))])
    except Exception as exc:  # a reader bug must not stop the run
        return Extraction(source_file, sha, EXTRACTOR_VERSION, issues=[
            Issue("error", "unreadable", f"{source_file}: could not read: {type(exc).__name__}: {exc}")])
    html = sniff(data) == "html"
    hints = Hints(page_date=page_date(data) if html else None, web_page=html or _WEB_PAGE_MARK in text)
    result = extract_text(text, source_file, sha, page_offsets, hints)
    result.issues[:0] = list(warnings)
    return result


def extract_file(path: pathlib.Path) -> Extraction:
    """extract_bytes of a file on disk; source_file is the file's name."""
    path = pathlib.Path(path)
    return extract_bytes(path.read_bytes(), path.name)
