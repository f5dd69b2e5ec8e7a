"""Synthetic (not a real report): a 2021-23 PDU report as text, ten standards scored out of 27, a
foreword that names the earlier inspection's rating first, key questions for 2.1 and 2.6 only."""

import datetime as dt

NAME = "ashgrove.txt"
DATA = b"""HM Inspectorate
of Probation

An inspection of probation services in:

Ashgrove PDU

The Probation Service - North West region

HM Inspectorate of Probation, June 2022

Foreword

We last inspected Ashgrove in 2019 and rated it as 'Good' overall.
We have now rated Ashgrove PDU as 'Requires improvement' overall.

Ratings

Ashgrove PDU

Fieldwork started February 2022

Score 10/27

Overall rating

Requires improvement

1. Organisational delivery

1.1 Leadership

Good

1.2 Staff

Good

1.3 Services

Requires improvement

1.4 Information and facilities

Good

2. Court work and case supervision

2.1 Court work

Requires improvement

2.2 Assessment

Requires improvement

2.3 Planning

Inadequate

2.4 Implementation and delivery

Requires improvement

2.5 Reviewing

Inadequate

Recommendations

Ashgrove PDU should:

1. improve the quality of assessments of risk of harm.

The North West region should:

2. fill the vacant probation officer posts.

2. Court work and case supervision

2.1. Court work

Pre-sentence information and advice is analytical and personalised.

Requires improvement

Key question\tPercentage 'Yes'
Does pre-sentence information and advice support the court's decision-making?\t58%

2.6. Outcomes

Early outcomes are positive, demonstrating reasonable progress for the person on probation.

We do not currently rate the Outcomes standard, but provide this data for information only.

Outcomes\tPercentage 'Yes'
Do early outcomes demonstrate that reasonable progress has been made?\t41%
"""

RI, GOOD, INAD = "Requires improvement", "Good", "Inadequate"
EXPECTED = {
    "report_id": "ashgrove-pdu-2022-06",
    "report": {
        "title": "An inspection of probation services in: Ashgrove PDU",
        "inspected_body": "Ashgrove PDU",
        "body_type": "pdu",
        "report_family": "pdu_2021_23",
        "region": "North West",
        "publication_month": dt.date(2022, 6, 1),
        "overall_rating": RI,
        "score": 10,
        "score_max": 27,
    },
    "standards": [
        ("1.1", "Leadership", GOOD),
        ("1.2", "Staff", GOOD),
        ("1.3", "Services", RI),
        ("1.4", "Information and facilities", GOOD),
        ("2.1", "Court work", RI),
        ("2.2", "Assessment", RI),
        ("2.3", "Planning", INAD),
        ("2.4", "Implementation and delivery", RI),
        ("2.5", "Reviewing", INAD),
        ("2.6", "Outcomes", None),
    ],
    "key_questions": [
        ("2.1", 1, "Does pre-sentence information and advice support the court's decision-making?", 58.0),
        ("2.6", 1, "Do early outcomes demonstrate that reasonable progress has been made?", 41.0),
    ],
    "recommendations": [
        (1, "Ashgrove PDU", "improve the quality of assessments of risk of harm."),
        (2, "The North West region", "fill the vacant probation officer posts."),
    ],
    "errors": [],
    "notes": [],  # issue codes that must be present (beyond the errors)
}
