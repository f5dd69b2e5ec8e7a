"""A web page's own publication date from its markup: `<meta>` publication dates (`article:published_time`,
`DC.date.issued`, `dcterms.issued`, `citation_publication_date`, `govuk:first-published-at`, ...), else
the first `<time datetime="...">`, else any other `<meta>` whose name holds "date" (not a modified or
updated date). Used when the page's text prints no date (a "Published:" line whose date was filled in by
a script, say).

Belongs here: reading dates from the markup's attributes, by bounded regular expressions over the bytes
(the page's text is read by html.py). Does not belong here: dates printed in the text (cover.py).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_SCAN_BYTES = 4 * 1024 * 1024  # metadata is in the head or near the title; never scan a huge page whole
_META = re.compile(r"<meta\b[^>]{0,1000}>", re.IGNORECASE)
_TIME = re.compile(r"<time\b[^>]{0,1000}?\bdatetime\s*=\s*[\"']([^\"'<>]{4,40})[\"']", re.IGNORECASE)
_ATTR = re.compile(r"\b(name|property|itemprop|content)\s*=\s*(?:\"([^\"]*)\"|'([^']*)')", re.IGNORECASE)
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})(?:-(\d{2}))?")
_PUBLISHED_NAMES = ("published", "issued", "publication_date", "first-published", "datepublished", "created")
_NOT_PUBLISHED = ("modified", "updated", "revised", "review", "expires")


@dataclass(frozen=True)
class PageDate:
    date: dt.date  # the first of the month when the markup gives only a month
    source: str  # where it was read, e.g. "<meta property=\"article:published_time\">"


def _iso_date(value: str) -> dt.date | None:
    m = _ISO.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _metas(head: str) -> list[tuple[str, str]]:
    """(name, content) of every <meta> with both."""
    out = []
    for tag in _META.finditer(head):
        attrs = {k.lower(): (a if a is not None else b) for k, a, b in _ATTR.findall(tag.group(0))}
        name = attrs.get("name") or attrs.get("property") or attrs.get("itemprop")
        if name and attrs.get("content"):
            out.append((name, attrs["content"]))
    return out


def page_date(data: bytes) -> PageDate | None:
    """The page's publication date from its markup, or None when it gives none that reads as a date."""
    text = data[:_SCAN_BYTES].decode("utf-8", "replace")
    metas = _metas(text)
    for name, content in metas:
        low = name.lower()
        if any(w in low for w in _PUBLISHED_NAMES) and not any(w in low for w in _NOT_PUBLISHED) \
                and (date := _iso_date(content)) is not None:
            return PageDate(date, f'<meta {name!s}="{content}">')
    for m in _TIME.finditer(text):
        if (date := _iso_date(m.group(1))) is not None:
            return PageDate(date, f'<time datetime="{m.group(1)}">')
    for name, content in metas:
        low = name.lower()
        if "date" in low and not any(w in low for w in _NOT_PUBLISHED) \
                and (date := _iso_date(content)) is not None:
            return PageDate(date, f'<meta {name}="{content}">')
    return None
