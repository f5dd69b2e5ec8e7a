"""Synthetic (not a real report): a dynamic public-protection inspection (2025) as text: key questions
with percentages 'Yes', recommendations, and no overall rating, score or rated standard, which such an
inspection does not have."""

import datetime as dt

NAME = "northfield-dynamic.txt"
DATA = b"""A dynamic public protection inspection of probation services in: Northfield PDU

Published: 2 June 2025

Foreword

We looked at how well Northfield PDU keeps other people safe.

Recommendations

Northfield PDU should:

1. make home visits in every case of domestic abuse.

2. Public protection

2.1. Keeping other people safe

Practitioners identify, assess and manage the risk of serious harm.

Key question\tPercentage 'Yes'
Does assessment sufficiently analyse how to keep other people safe?\t52%
Is the risk of serious harm reviewed when circumstances change?\t38%
"""

EXPECTED = {
    "report_id": "northfield-pdu-2025-06",
    "report": {
        "title": "A dynamic public protection inspection of probation services in: Northfield PDU",
        "inspected_body": "Northfield PDU",
        "body_type": "pdu",
        "report_family": "dynamic_2025",
        "region": None,
        "publication_month": dt.date(2025, 6, 1),
        "overall_rating": None,
        "score": None,
        "score_max": None,
    },
    "standards": [("2.1", "Keeping other people safe", None)],
    "key_questions": [
        ("2.1", 1, "Does assessment sufficiently analyse how to keep other people safe?", 52.0),
        ("2.1", 2, "Is the risk of serious harm reviewed when circumstances change?", 38.0),
    ],
    "recommendations": [(1, "Northfield PDU", "make home visits in every case of domestic abuse.")],
    "errors": [],
    "notes": [],
    "absent": ["missing_overall_rating", "missing_score", "no_ratings"],
}
