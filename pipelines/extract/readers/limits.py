"""Resource bounds for reading untrusted files: input size, pages, decompressed size, time.

Every reader takes a `Limits` (defaults below) so that a hostile or broken file fails with a clear
`UnreadableDocument` in bounded time and memory instead of exhausting the run. Parsing does not belong
here; only the caps and the helpers that enforce them.
"""

from __future__ import annotations

import time
import zipfile
from dataclasses import dataclass

from pipelines.extract.readers.errors import UnreadableDocument

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_input_bytes: int = 100 * MB  # a published report is a few MB
    max_pages: int = 500
    max_decompressed_bytes: int = 50 * MB  # total, across the members of a .docx
    max_zip_entries: int = 2000
    max_compression_ratio: int = 200  # declared size / compressed size of one zip member
    max_seconds: float = 120.0


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


def check_zip_bounds(archive: zipfile.ZipFile, source_file: str, limits: Limits) -> None:
    """Refuse an archive whose declared or actual decompressed size is too large (a zip bomb).

    Declared sizes are checked first (cheap); then every member is inflated in chunks, counting the bytes
    actually produced and stopping as soon as the cap is passed, so a lying header cannot get past.
    """
    members = archive.infolist()
    if len(members) > limits.max_zip_entries:
        raise UnreadableDocument(
            "zip_too_many_entries",
            f"{source_file}: the archive holds {len(members)} files (at most {limits.max_zip_entries})",
        )
    cap = limits.max_decompressed_bytes
    declared = sum(m.file_size for m in members)
    if declared > cap:
        raise _too_large(source_file, f"declares {declared / MB:.0f} MB uncompressed", cap)
    for member in members:
        big = member.file_size > MB
        if big and member.file_size > limits.max_compression_ratio * max(member.compress_size, 1):
            raise _too_large(
                source_file,
                f"member {member.filename} expands {member.file_size // max(member.compress_size, 1)}-fold",
                cap,
            )
    actual = 0
    for member in members:
        with archive.open(member) as stream:
            while chunk := stream.read(MB):
                actual += len(chunk)
                if actual > cap:
                    raise _too_large(source_file, "inflates past the cap", cap)


def _too_large(source_file: str, what: str, cap: int) -> UnreadableDocument:
    return UnreadableDocument(
        "zip_bomb",
        f"{source_file}: refused as a possible zip bomb: the archive {what} "
        f"(limit {cap // MB} MB uncompressed)",
    )
