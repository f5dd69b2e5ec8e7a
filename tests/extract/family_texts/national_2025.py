"""Synthetic (not a real report): a national inspection (April 2025 on) as text: no overall rating and no
score; one standard with key questions and percentages 'Yes' but no rating printed."""

import datetime as dt

NAME = "national-2025.txt"
DATA = b"""A national inspection of probation services in: England and Wales

Published: 3 April 2025

Foreword

This is our first national inspection of probation services.

Recommendations

HM Prison and Probation Service should:

1. set a national standard for the quality of risk assessments.

2. Case supervision

2.1. Assessment

Assessment is well-informed, analytical and personalised.

Key question\tPercentage 'Yes'
Does assessment focus sufficiently on engaging the person on probation?\t71%
Does assessment focus sufficiently on keeping other people safe?\t47%
"""

EXPECTED = {
    "report_id": "england-and-wales-2025-04",
    "report": {
        "title": "A national inspection of probation services in: England and Wales",
        "inspected_body": "England and Wales",
        "body_type": "national",
        "report_family": "national_2025",
        "region": None,
        "publication_month": dt.date(2025, 4, 1),
        "overall_rating": None,
        "score": None,
        "score_max": None,
    },
    "standards": [("2.1", "Assessment", None)],
    "key_questions": [
        ("2.1", 1, "Does assessment focus sufficiently on engaging the person on probation?", 71.0),
        ("2.1", 2, "Does assessment focus sufficiently on keeping other people safe?", 47.0),
    ],
    "recommendations": [
        (1, "HM Prison and Probation Service", "set a national standard for the quality of risk assessments.")
    ],
    "errors": [],
    "notes": ["standard_rating_missing"],
    "absent": ["missing_overall_rating", "missing_score"],
}
