"""Synthetic (not a real report): a community rehabilitation company inspection (2018-21 framework) as
text: ten standards scored out of 30, domain three for unpaid work and Through the Gate."""

import datetime as dt

NAME = "durham-tees-valley-crc.txt"
DATA = b"""An inspection of probation services in:

Durham Tees Valley CRC

HM Inspectorate of Probation, March 2019

Ratings

Durham Tees Valley CRC

Score 11/30

Overall rating

Requires improvement

1. Organisational delivery

1.1 Leadership Requires improvement

1.2 Staff Good

1.3 Services Requires improvement

1.4 Information and facilities Good

2. Case supervision

2.1 Assessment Requires improvement

2.2 Planning Inadequate

2.3 Implementation and delivery Requires improvement

2.4 Reviewing Inadequate

3. Unpaid work and delivery of Through the Gate services

3.1 Unpaid work Good

3.2 Through the Gate Requires improvement

Recommendations

Durham Tees Valley CRC should:

1. improve the planning of work to manage the risk of harm.
"""

RI, GOOD, INAD = "Requires improvement", "Good", "Inadequate"
EXPECTED = {
    "report_id": "durham-tees-valley-crc-2019-03",
    "report": {
        "title": "An inspection of probation services in: Durham Tees Valley CRC",
        "inspected_body": "Durham Tees Valley CRC",
        "body_type": "crc",
        "report_family": "crc_2018",
        "region": None,
        "publication_month": dt.date(2019, 3, 1),
        "overall_rating": RI,
        "score": 11,
        "score_max": 30,
    },
    "standards": [
        ("1.1", "Leadership", RI),
        ("1.2", "Staff", GOOD),
        ("1.3", "Services", RI),
        ("1.4", "Information and facilities", GOOD),
        ("2.1", "Assessment", RI),
        ("2.2", "Planning", INAD),
        ("2.3", "Implementation and delivery", RI),
        ("2.4", "Reviewing", INAD),
        ("3.1", "Unpaid work", GOOD),
        ("3.2", "Through the Gate", RI),
    ],
    "key_questions": [],
    "recommendations": [
        (1, "Durham Tees Valley CRC", "improve the planning of work to manage the risk of harm.")
    ],
    "errors": [],
    "notes": [],
    "absent": ["score_max_mismatch", "score_mismatch"],
}
