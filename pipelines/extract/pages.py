"""Page provenance: the page of the published document each row's source passage starts on.

A reader gives the offset where each page begins in the text it read; normalising that text moves the
offsets (characters mapped, lines dropped). Each page start is found again in the normalised text by
searching, from the previous page's start on, for the text the page opens with, lengthened until it
occurs only once from there on. A row's page is
then the last page that starts at or before its `char_start`. Reading and parsing do not belong here.
"""

from __future__ import annotations

import bisect

from pipelines.extract.clean import normalise

PAGED_TABLES = ("standards", "key_questions", "recommendations", "findings", "quotes", "sections")
_PROBE_CHARS = 60
_MIN_PROBE = 12
_PROBE_LINES = 4
_OPENING_LENGTHS = (60, 120, 240, 480, 960)


def _probes(text: str, start: int) -> list[str]:
    """The first lines of the page beginning at `start`, normalised, each a string to search for."""
    out = []
    for line in text[start:start + 2000].split("\n"):
        probe = normalise(line).strip()[:_PROBE_CHARS]
        if len(probe) >= _MIN_PROBE:
            out.append(probe)
        if len(out) == _PROBE_LINES:
            break
    return out


def _find_page(normalised: str, original: str, start: int, position: int) -> int | None:
    """Where the page beginning at `start` of `original` begins in `normalised`, searching from
    `position`: the page's opening text, lengthened until it occurs only once from there on; failing
    that, the first place one of its first lines occurs."""
    opening = normalise(original[start:start + 2000]).strip()
    first_hit = None
    for length in _OPENING_LENGTHS:
        probe = opening[:length]
        hit = normalised.find(probe, position) if len(probe) >= _MIN_PROBE else -1
        if hit == -1:
            break
        first_hit = hit if first_hit is None else first_hit
        if normalised.find(probe, hit + 1) == -1 or length >= len(opening):
            return hit
    if first_hit is not None:
        return first_hit
    for probe in _probes(original, start):
        if (hit := normalised.find(probe, position)) != -1:
            return hit
    return None


def page_starts(normalised: str, original: str, starts: list[int]) -> list[int]:
    """Where each page of `original` begins in `normalised`. A page whose opening cannot be found begins
    where the next found page does, so its rows go to the page before it rather than being claimed by it."""
    found: list[int | None] = []
    position = 0
    for start in starts:
        at = _find_page(normalised, original, start, position)
        if at is not None:
            position = at
        found.append(at)
    resolved: list[int] = []
    following = len(normalised)
    for at in reversed(found):
        following = at if at is not None else following
        resolved.append(following)
    return resolved[::-1]


def assign_pages(rows: dict[str, list[dict]], starts: list[int] | None) -> None:
    """Set `page_no` on every row of the paged tables: from 1, or None when the format has no pages."""
    for table in PAGED_TABLES:
        for row in rows.get(table, []):
            row["page_no"] = bisect.bisect_right(starts, row["char_start"]) or 1 if starts else None
