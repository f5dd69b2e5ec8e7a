"""The sources list: `sources.csv` at the top of the project, one report page a line
(`family,title_or_body,published,url`; `published` is YYYY-MM-DD, or YYYY-MM or YYYY when only that is
known, or empty). `hmip fetch` with no URL and
the daily schedule fetch every URL in it. Reading and checking the list belongs here; fetching does not.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

COLUMNS = ("family", "title_or_body", "published", "url")
DEFAULT_SOURCES = Path("sources.csv")


@dataclass(frozen=True)
class Source:
    url: str
    published: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY, as precise as the list knows
    family: str | None = None
    title: str | None = None


class BadSourcesList(ValueError):
    """The list cannot be read at all (missing columns, not text); bad lines are reported one by one."""


def is_partial_date(value: str) -> bool:
    """YYYY-MM-DD, YYYY-MM or YYYY, and a real date."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        return False
    try:
        dt.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        return False
    return True


def read_sources(path: Path) -> tuple[list[Source], list[str]]:
    """The listed sources in file order, and one error per line that cannot be used (naming the line)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadSourcesList(f"{path}: the sources list could not be read ({exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BadSourcesList(f"{path}: the sources list has no column {', '.join(missing)} "
                             f"(expected {','.join(COLUMNS)})")
    sources, errors, seen = [], [], set()
    for line_no, row in enumerate(reader, start=2):
        url = (row.get("url") or "").strip()
        published = (row.get("published") or "").strip() or None
        if not url:
            errors.append(f"{path}:{line_no}: no url")
            continue
        if published and not is_partial_date(published):
            errors.append(f"{path}:{line_no}: published {published!r} is not a date (YYYY-MM-DD, YYYY-MM "
                          "or YYYY)")
            continue
        if url in seen:
            continue  # listed twice: fetched once
        seen.add(url)
        sources.append(Source(url=url, published=published, family=(row.get("family") or "").strip() or None,
                              title=(row.get("title_or_body") or "").strip() or None))
    return sources, errors
