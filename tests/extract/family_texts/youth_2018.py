"""Synthetic (not a real report): a youth offending service inspection (2018 framework) as text: twelve
scored standards out of 36 and resettlement (4.1) rated but not scored."""

import datetime as dt

NAME = "riverside-yos.txt"
DATA = b"""HM Inspectorate
of Probation

An inspection of youth offending services in:

Riverside YOS

HM Inspectorate of Probation, October 2022

Ratings

Riverside YOS

Fieldwork started July 2022

Score 24/36

Overall rating

Good

1. Organisational delivery

1.1 Governance and leadership Good

1.2 Staff Good

1.3 Partnerships and services Outstanding

1.4 Information and facilities Good

2. Court disposals

2.1 Assessment Good

2.2 Planning Requires improvement

2.3 Implementation and delivery Good

2.4 Reviewing Requires improvement

3. Out-of-court disposals

3.1 Assessment Good

3.2 Planning Good

3.3 Implementation and delivery Good

3.4 Out-of-court disposal policy and provision Outstanding

4. Resettlement

4.1 Resettlement policy and provision Inadequate

Recommendations

Riverside YOS management board should:

1. make sure that resettlement work starts before a child leaves custody.
"""

RI, GOOD, OUT, INAD = "Requires improvement", "Good", "Outstanding", "Inadequate"
EXPECTED = {
    "report_id": "riverside-yos-2022-10",
    "report": {
        "title": "An inspection of youth offending services in: Riverside YOS",
        "inspected_body": "Riverside YOS",
        "body_type": "youth",
        "report_family": "youth_2018",
        "region": None,
        "publication_month": dt.date(2022, 10, 1),
        "overall_rating": GOOD,
        "score": 24,
        "score_max": 36,
    },
    "standards": [
        ("1.1", "Governance and leadership", GOOD),
        ("1.2", "Staff", GOOD),
        ("1.3", "Partnerships and services", OUT),
        ("1.4", "Information and facilities", GOOD),
        ("2.1", "Assessment", GOOD),
        ("2.2", "Planning", RI),
        ("2.3", "Implementation and delivery", GOOD),
        ("2.4", "Reviewing", RI),
        ("3.1", "Assessment", GOOD),
        ("3.2", "Planning", GOOD),
        ("3.3", "Implementation and delivery", GOOD),
        ("3.4", "Out-of-court disposal policy and provision", OUT),
        ("4.1", "Resettlement policy and provision", INAD),
    ],
    "key_questions": [],
    "recommendations": [
        (
            1,
            "Riverside YOS management board",
            "make sure that resettlement work starts before a child leaves custody.",
        )
    ],
    "errors": [],
    "notes": [],
    "absent": ["score_max_mismatch", "score_mismatch", "overall_band_mismatch"],
}
