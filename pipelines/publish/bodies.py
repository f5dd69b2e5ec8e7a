"""Stable ids of inspected bodies: a body's name normalised (case, '&'/'and', 'Probation Delivery Unit'/'PDU',
punctuation) and mapped through the hand-kept list of known renamings (`body_renamings.csv`).

Only naming belongs here; the `bodies` and `rating_history` tables are built in `pipelines.publish.derived`.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

RENAMINGS_FILE = Path(__file__).with_name("body_renamings.csv")

_SPELLINGS = (
    (re.compile(r"&"), " and "),
    (re.compile(r"\bprobation\s+delivery\s+unit\b"), " pdu "),
    (re.compile(r"\byouth\s+justice\s+service\b"), " yjs "),
)


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)  # the same few section names recur in every report's findings
def slug(text: str) -> str:
    """Lower case, runs of anything but letters and digits as one '-', no '-' at either end."""
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


def normalised_body_id(name: str) -> str:
    """The id a body's name gives before renamings, e.g. 'Wigan Probation Delivery Unit' -> 'wigan-pdu'."""
    text = " ".join(name.split()).lower()
    for pattern, spelling in _SPELLINGS:
        text = pattern.sub(spelling, text)
    ident = slug(text)
    if not ident:
        raise ValueError(f"body name {name!r} has no letters or digits to make an id from")
    return ident


def read_renamings(path: Path) -> dict[str, str]:
    """former_body_id -> body_id from a renamings file; a malformed line is an error naming the file."""
    text = path.read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    renamings: dict[str, str] = {}
    for n, row in enumerate(csv.DictReader(lines), start=2):
        former, current = (row.get("former_body_id") or "").strip(), (row.get("body_id") or "").strip()
        if not former or not current or former != slug(former) or current != slug(current):
            raise ValueError(f"{path}: renaming {n} needs two ids in normalised form, "
                             f"got {former!r}, {current!r}")
        if former in renamings and renamings[former] != current:
            raise ValueError(f"{path}: {former!r} is renamed twice")
        renamings[former] = current
    for former, current in renamings.items():
        if current in renamings:
            raise ValueError(f"{path}: {former!r} -> {current!r}, which is itself renamed; give the final id")
    return renamings


@lru_cache(maxsize=8)
def _renamings(path: Path) -> dict[str, str]:
    return read_renamings(path)


def body_id(name: str, renamings: dict[str, str] | None = None) -> str:
    """The stable id of the body named `name` (renamings from the shipped file unless given)."""
    ident = normalised_body_id(name)
    table = _renamings(RENAMINGS_FILE) if renamings is None else renamings
    return table.get(ident, ident)
