"""Synthetic (not a real report): a regional inspection (2024 on) as text: its own standards, rated, and
no overall rating or score, which a regional inspection does not have."""

import datetime as dt

NAME = "north-east-region.txt"
DATA = b"""A regional inspection of probation services in: North East region

Published: 12 September 2024

Foreword

This inspection looked at how the region leads and supports its probation delivery units.

Ratings

North East region

1. Regional leadership

1.1 Leadership and strategy Requires improvement

1.2 Partnerships Good

2. Court work

2.1 Court work Good

Recommendations

The North East region should:

1. agree a plan for recruiting probation officers.

HM Prison and Probation Service should:

2. publish the regional staffing data every quarter.
"""

RI, GOOD = "Requires improvement", "Good"
EXPECTED = {
    "report_id": "north-east-region-2024-09",
    "report": {
        "title": "A regional inspection of probation services in: North East region",
        "inspected_body": "North East region",
        "body_type": "region",
        "report_family": "region_2024",
        "region": "North East",
        "publication_month": dt.date(2024, 9, 1),
        "overall_rating": None,
        "score": None,
        "score_max": None,
    },
    "standards": [
        ("1.1", "Leadership and strategy", RI),
        ("1.2", "Partnerships", GOOD),
        ("2.1", "Court work", GOOD),
    ],
    "key_questions": [],
    "recommendations": [
        (1, "The North East region", "agree a plan for recruiting probation officers."),
        (2, "HM Prison and Probation Service", "publish the regional staffing data every quarter."),
    ],
    "errors": [],
    "notes": [],
    "absent": ["missing_overall_rating", "missing_score"],  # not warned of: the family has none
}
