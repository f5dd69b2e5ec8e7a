"""Rating vocabulary and arithmetic: canonical rating spellings, bands for key-question percentages,
points per rating, and the report_id slug.

Only small pure functions over values belong here; nothing that reads report text.
"""

from __future__ import annotations

import datetime as dt
import re

from pipelines.schema import RATINGS

_POINTS: dict[str, int] = {"Outstanding": 3, "Good": 2, "Requires improvement": 1, "Inadequate": 0}
_CANONICAL: dict[str, str] = {r.lower(): r for r in RATINGS}
_SPACES = re.compile(r"[\s\-]+")
_NON_SLUG = re.compile(r"[^a-z0-9]+")

# As printed, in title case ('Requires Improvement' too) or capitals; never lower case, which is prose
RATING_PATTERN = (r"Outstanding|Good|Requires\s+[Ii]mprovement|Inadequate"
                  r"|OUTSTANDING|GOOD|REQUIRES\s+IMPROVEMENT|INADEQUATE")


def canonical_rating(text: str | None) -> str | None:
    """The schema spelling of a rating written any way ('requires  Improvement' -> 'Requires improvement')."""
    if not text:
        return None
    key = _SPACES.sub(" ", text.strip().strip("'\".:*")).lower()
    return _CANONICAL.get(key)


def points_for(rating: str | None) -> int | None:
    """Points of a rating: Outstanding 3, Good 2, Requires improvement 1, Inadequate 0; None if unrated."""
    if rating is None:
        return None
    return _POINTS[rating]


def band_for(pct: float) -> str:
    """The rating band of a key question's percentage 'Yes'."""
    if pct < 50:
        return "Inadequate"
    if pct < 65:
        return "Requires improvement"
    if pct < 80:
        return "Good"
    return "Outstanding"


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def make_report_id(inspected_body: str, publication_month: dt.date) -> str:
    """'Wigan PDU' + May 2023 -> 'wigan-pdu-2023-05'."""
    return f"{slugify(inspected_body)}-{publication_month:%Y-%m}"
