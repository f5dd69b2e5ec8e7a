"""Snapshot version ids: `<date>.<sequence>`, e.g. `2026-11-22.1`, readable and sorted by time.

Only naming, parsing and ordering of version ids belong here; reading or writing snapshot folders lives
in `pipelines.publish.snapshot`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_VERSION = re.compile(r"^(\d{4}-\d{2}-\d{2})\.([1-9]\d*)$")


def parse_version(version: str) -> tuple[dt.date, int]:
    """(date, sequence) of a version id; ValueError when it is not one."""
    match = _VERSION.match(version)
    if not match:
        raise ValueError(f"not a snapshot version: {version!r}")
    return dt.date.fromisoformat(match.group(1)), int(match.group(2))


def is_version(name: str) -> bool:
    try:
        parse_version(name)
    except ValueError:
        return False
    return True


def sort_versions(versions: list[str]) -> list[str]:
    """Oldest first, by date then sequence (so `.10` comes after `.9`); non-versions are dropped."""
    return sorted((v for v in versions if is_version(v)), key=parse_version)


def next_version(existing: list[str], today: dt.date) -> str:
    """The id after every existing one: today's date with the next sequence number.

    When an existing version is dated after `today` (a clock set back), the new id takes that later date
    so that ids keep sorting by publication order.
    """
    ordered = sort_versions(existing)
    if not ordered:
        return f"{today.isoformat()}.1"
    last_date, last_seq = parse_version(ordered[-1])
    if last_date >= today:
        return f"{last_date.isoformat()}.{last_seq + 1}"
    return f"{today.isoformat()}.1"


@dataclass(frozen=True)
class Created:
    """A snapshot's creation time, never earlier than the previous snapshot's."""

    at: dt.datetime
    clock_went_backwards: bool
    system_time: dt.datetime  # what the clock said


def created_after(now: dt.datetime, previous: str | None) -> Created:
    """`now`, or the previous snapshot's `created` (ISO 8601) when the clock reads earlier than it: a
    clock set back must not make a later snapshot look older."""
    if previous:
        try:
            before = dt.datetime.fromisoformat(previous.replace("Z", "+00:00"))
        except ValueError:
            before = None
        if before is not None and before.tzinfo is not None and now < before:
            return Created(before, True, now)
    return Created(now, False, now)
