"""Synthetic (not a real report): a National Probation Service division inspection (2018-21 framework) as
text: ten standards scored out of 30, domain three for court work and victim work."""

import datetime as dt

NAME = "nps-wales.txt"
DATA = b"""An inspection of probation services in:

NPS Wales Division

HM Inspectorate of Probation, July 2019

Ratings

NPS Wales Division

Score 20/30

Overall rating

Good

1. Organisational delivery

1.1 Leadership Good

1.2 Staff Good

1.3 Services Good

1.4 Information and facilities Outstanding

2. Case supervision

2.1 Assessment Good

2.2 Planning Good

2.3 Implementation and delivery Requires improvement

2.4 Reviewing Requires improvement

3. NPS-specific work

3.1 Court reports and case allocation Good

3.2 Statutory victim work Outstanding

Recommendations

The NPS Wales Division should:

1. reduce the time taken to allocate cases after sentence.
"""

RI, GOOD, OUT = "Requires improvement", "Good", "Outstanding"
EXPECTED = {
    "report_id": "nps-wales-division-2019-07",
    "report": {
        "title": "An inspection of probation services in: NPS Wales Division",
        "inspected_body": "NPS Wales Division",
        "body_type": "nps",
        "report_family": "nps_2018",
        "region": None,
        "publication_month": dt.date(2019, 7, 1),
        "overall_rating": GOOD,
        "score": 20,
        "score_max": 30,
    },
    "standards": [
        ("1.1", "Leadership", GOOD),
        ("1.2", "Staff", GOOD),
        ("1.3", "Services", GOOD),
        ("1.4", "Information and facilities", OUT),
        ("2.1", "Assessment", GOOD),
        ("2.2", "Planning", GOOD),
        ("2.3", "Implementation and delivery", RI),
        ("2.4", "Reviewing", RI),
        ("3.1", "Court reports and case allocation", GOOD),
        ("3.2", "Statutory victim work", OUT),
    ],
    "key_questions": [],
    "recommendations": [
        (1, "The NPS Wales Division", "reduce the time taken to allocate cases after sentence.")
    ],
    "errors": [],
    "notes": [],
    "absent": ["score_max_mismatch", "score_mismatch"],
}
