"""Synthetic (not a real report): a youth justice service inspection published in 2025, as text with the
ratings beside the standards, scored out of 36; its foreword recalls the earlier inspection's rating."""

import datetime as dt

NAME = "southmere-yjs.txt"
DATA = b"""An inspection of youth justice services in: Southmere YJS

Published: 14 May 2025

Foreword

In 2021 we rated Southmere YJS as 'Requires improvement' overall.
In this inspection we have rated Southmere YJS as 'Good' overall.

Ratings

Southmere YJS

Score 30/36

Overall rating: Good

1. Organisational delivery

1.1 Governance and leadership Outstanding

1.2 Staff Outstanding

1.3 Partnerships and services Outstanding

1.4 Information and facilities Good

2. Court disposals

2.1 Assessment Outstanding

2.2 Planning Good

2.3 Implementation and delivery Outstanding

2.4 Reviewing Good

3. Out-of-court disposals

3.1 Assessment Outstanding

3.2 Planning Good

3.3 Implementation and delivery Good

3.4 Out-of-court disposal policy and provision Good

Recommendations

Southmere YJS management board should:

1. review how the voice of the child shapes its plans.
"""

GOOD, OUT = "Good", "Outstanding"
EXPECTED = {
    "report_id": "southmere-yjs-2025-05",
    "report": {
        "title": "An inspection of youth justice services in: Southmere YJS",
        "inspected_body": "Southmere YJS",
        "body_type": "youth",
        "report_family": "youth_2025",
        "region": None,
        "publication_month": dt.date(2025, 5, 1),
        "overall_rating": GOOD,
        "score": 30,
        "score_max": 36,
    },
    "standards": [
        ("1.1", "Governance and leadership", OUT),
        ("1.2", "Staff", OUT),
        ("1.3", "Partnerships and services", OUT),
        ("1.4", "Information and facilities", GOOD),
        ("2.1", "Assessment", OUT),
        ("2.2", "Planning", GOOD),
        ("2.3", "Implementation and delivery", OUT),
        ("2.4", "Reviewing", GOOD),
        ("3.1", "Assessment", OUT),
        ("3.2", "Planning", GOOD),
        ("3.3", "Implementation and delivery", GOOD),
        ("3.4", "Out-of-court disposal policy and provision", GOOD),
    ],
    "key_questions": [],
    "recommendations": [
        (1, "Southmere YJS management board", "review how the voice of the child shapes its plans.")
    ],
    "errors": [],
    "notes": [],
    "absent": ["score_max_mismatch", "score_mismatch", "overall_band_mismatch"],
}
