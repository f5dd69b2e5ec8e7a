"""Resource bounds for reading untrusted files: input size, pages, decompressed size, time.

Every reader takes a `Limits` (defaults below) so that a hostile or broken file fails with a clear
`UnreadableDocument` in bounded time and memory instead of exhausting the run. Parsing does not belong
here; only the caps and the helpers that enforce them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from pipelines.extract.readers.errors import UnreadableDocument

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 100 * MB  # a published report is a few MB
    max_pages: int = 500
    max_decompressed_bytes: int = 50 * MB  # total, across the members of a .docx
    max_zip_entries: int = 2000
    max_seconds: float = 120.0  # per file, parsing included (see `budget.parse_budget`)
    max_elements: int = 200_000  # of a web page; a long report page has a few thousand
    max_xml_elements: int = 1_000_000  # of one XML part of a .docx (a Word paragraph is a dozen elements)
    max_depth: int = 256  # nesting of a web page's elements; real pages nest a few dozen deep


DEFAULT_LIMITS = Limits()


class Deadline:
    """A time budget checked between units of work (pages, elements)."""

    def __init__(self, source_file: str, seconds: float) -> None:
        self.source_file = source_file
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def check(self, where: str) -> None:
        if time.monotonic() > self._end:
            raise UnreadableDocument(
                "read_timeout",
                f"{self.source_file}: reading took longer than {self.seconds:g} s (stopped at {where})",
            )


def check_input_size(data: bytes, source_file: str, limits: Limits) -> None:
    if len(data) > limits.max_input_bytes:
        raise UnreadableDocument(
            "file_too_large",
            f"{source_file}: {len(data) / MB:.0f} MB is more than the {limits.max_input_bytes // MB} MB "
            "a report may be",
        )
