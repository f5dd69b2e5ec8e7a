"""Page provenance: the page of the published document each row's source passage starts on.

A reader gives the offset where each page begins in the text it read; normalising that text moves the
offsets (characters mapped, lines dropped). Each page start is found again in the normalised text by
searching, from the previous page's start on, for the first words the page began with. A row's page is
then the last page that starts at or before its `char_start`. Reading and parsing do not belong here.
"""

from __future__ import annotations

import bisect

from pipelines.extract.clean import normalise

PAGED_TABLES = ("standards", "key_questions", "recommendations", "findings", "quotes", "sections")
_PROBE_CHARS = 60
_MIN_PROBE = 12
_PROBE_LINES = 4


def _probes(text: str, start: int) -> list[str]:
    """The first lines of the page beginning at `start`, normalised, as strings to search for."""
    out = []
    for line in text[start:start + 2000].split("\n"):
        probe = normalise(line).strip()[:_PROBE_CHARS]
        if len(probe) >= _MIN_PROBE:
            out.append(probe)
        if len(out) == _PROBE_LINES:
            break
    return out


def page_starts(normalised: str, original: str, starts: list[int]) -> list[int]:
    """Where each page of `original` begins in `normalised`: a page whose first lines cannot be found
    (dropped as a running header, say) begins where the page before it does."""
    found: list[int] = []
    position = 0
    for start in starts:
        for probe in _probes(original, start):
            at = normalised.find(probe, position)
            if at != -1:
                position = at
                break
        found.append(position)
    return found


def assign_pages(rows: dict[str, list[dict]], starts: list[int] | None) -> None:
    """Set `page_no` on every row of the paged tables: from 1, or None when the format has no pages."""
    for table in PAGED_TABLES:
        for row in rows.get(table, []):
            row["page_no"] = bisect.bisect_right(starts, row["char_start"]) or 1 if starts else None
