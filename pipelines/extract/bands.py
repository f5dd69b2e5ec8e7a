"""Rating spellings and arithmetic for extraction: canonical rating spellings, bands for key-question
percentages and points per rating (both from `pipelines.vocabulary`), and the report_id slug.

Only small pure functions over values belong here; nothing that reads report text.
"""

from __future__ import annotations

import datetime as dt
import re

from pipelines.vocabulary import RATINGS, band_for, points_for

__all__ = ["RATING_PATTERN", "band_for", "canonical_rating", "make_report_id", "points_for", "slugify"]

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


def slugify(text: str) -> str:
    return _NON_SLUG.sub("-", text.lower()).strip("-")


def make_report_id(inspected_body: str, publication_month: dt.date) -> str:
    """'Wigan PDU' + May 2023 -> 'wigan-pdu-2023-05'."""
    return f"{slugify(inspected_body)}-{publication_month:%Y-%m}"
