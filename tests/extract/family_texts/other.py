"""Synthetic (not a real report): a thematic inspection, of no known family, as text: it has a title, a
body and a date but no ratings, so it is held back with the reason, never published as a rated report."""

import datetime as dt

NAME = "thematic.txt"
DATA = b"""A thematic inspection of the supervision of: women on probation

HM Inspectorate of Probation, January 2024

Foreword

This thematic inspection looked at the services available to women on probation.

Recommendations

HM Prison and Probation Service should:

1. commission women-only reporting centres in every region.
"""

EXPECTED = {
    "report_id": "women-on-probation-2024-01",
    "report": {
        "title": "A thematic inspection of the supervision of: women on probation",
        "inspected_body": "women on probation",
        "body_type": "other",
        "report_family": "other",
        "region": None,
        "publication_month": dt.date(2024, 1, 1),
        "overall_rating": None,
        "score": None,
        "score_max": None,
    },
    "standards": [],
    "key_questions": [],
    "recommendations": [
        (1, "HM Prison and Probation Service", "commission women-only reporting centres in every region.")
    ],
    "errors": ["no_ratings"],
    "notes": [],
}
