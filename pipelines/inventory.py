"""The input set: which files in raw/ are candidate reports, with their content hashes.

Only listing and hashing belong here. A file's content, not its mtime, identifies it; a change of content
is a change of input. Extraction, resolution and loading live elsewhere.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pipelines.extract.model import Extraction, Issue

_CHUNK = 1 << 20


@dataclass(frozen=True)
class RawFile:
    name: str  # path relative to the raw folder, with '/' separators
    path: Path
    sha256: str
    size: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def is_candidate(path: Path) -> bool:
    """Hidden files, README files and folders are not reports."""
    return path.is_file() and not path.name.startswith(".") and path.name.lower() != "readme.md"


def scan_raw(raw_dir: Path) -> list[RawFile]:
    """Every candidate file under raw_dir, sorted by name, hashed."""
    files = []
    for path in sorted(p for p in raw_dir.rglob("*") if is_candidate(p)):
        name = path.relative_to(raw_dir).as_posix()
        files.append(RawFile(name=name, path=path, sha256=sha256_of(path), size=path.stat().st_size))
    return files


def fingerprint(files: list[RawFile]) -> dict[str, str]:
    """name -> sha256: what the sensor compares between ticks."""
    return {f.name: f.sha256 for f in files}


def unreadable_file(raw: RawFile, message: str) -> Extraction:
    """The extraction of a file that could not even be read: one error, no report."""
    from pipelines.extract import EXTRACTOR_VERSION

    return Extraction(
        source_file=raw.name, source_sha256=raw.sha256, extractor_version=EXTRACTOR_VERSION,
        issues=[Issue("error", "unreadable_file", message)],
    )


def recently_modified(raw_dir: Path, since: float) -> list[str]:
    """Candidate files modified after `since` (epoch seconds): possibly still being written."""
    return sorted(
        p.relative_to(raw_dir).as_posix()
        for p in raw_dir.rglob("*")
        if is_candidate(p) and p.stat().st_mtime > since
    )
