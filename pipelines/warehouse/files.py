"""Durable file helpers for the warehouse folder: fsync of files and folders, JSON and text writes, and
the UTC timestamp written into them.

Only byte-level file handling belongs here; what a snapshot or a run record contains is decided elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any


def utc_now() -> dt.datetime:
    """Now in UTC, to the second."""
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def utc_timestamp(moment: dt.datetime | None = None) -> str:
    """An ISO 8601 UTC timestamp to the second with a Z: '2026-12-01T06:00:00Z'."""
    return (moment or utc_now()).astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def fsync_dir(path: Path) -> None:
    """Make a folder's entries (creations, renames) durable."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_text(path: Path, text: str) -> None:
    """Write UTF-8 text with Unix newlines and fsync it."""
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def dumps_json(payload: Any) -> str:
    """Stable, readable JSON: two-space indent, non-ASCII kept, trailing newline."""
    return json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n"


def write_json(path: Path, payload: Any) -> None:
    write_text(path, dumps_json(payload))


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))
