"""Synthetic reports of other families, written for the tests (not real reports): a youth offending
service inspection scored out of 36 with few sections, and a 2024-style PDU report with four
domain-two standards, ratings printed beside the standards and no contents page."""

YOUTH = """HM Inspectorate
of Probation

An inspection of youth offending services in:

Northbridge YOS

HM Inspectorate of Probation, November 2021

Contents

Foreword 3
Ratings 4
Recommendations 5

Foreword

We have rated Northbridge YOS as 'Good'.

Ratings

Northbridge YOS

Fieldwork started September 2021

Score 20/36

Overall rating

Good

1. Organisational delivery

1.1 Governance and leadership

Good

1.2 Staff

Good

1.3 Partnerships and services

Good

1.4 Information and facilities

Good

2. Court disposals

2.1 Assessment

Requires improvement

2.2 Planning

Good

2.3 Implementation and delivery

Good

2.4 Reviewing

Requires improvement

3. Out-of-court disposals

3.1 Assessment

Good

3.2 Planning

Requires improvement

3.3 Implementation and delivery

Good

3.4 Out-of-court disposal policy and provision

Requires improvement

Recommendations

Northbridge YOS management board should:

1. make sure that work to keep the child safe is reviewed when circumstances change
2. improve the quality of out-of-court disposal planning.

2. Court disposals

2.1. Assessment

Assessment is well-informed, analytical and personalised, actively involving the child and their carers.

Requires improvement

Key question\tPercentage 'Yes'
Does assessment sufficiently analyse how to support the child's desistance?\t78%
Does assessment sufficiently analyse how to keep the child safe?\t61%
Does assessment sufficiently analyse how to keep other people safe?\t72%

Strengths:

- Assessments drew on a wide range of sources.

Areas for improvement:

- Risks to the child were not always identified.
- Contingency plans were too general.
"""

PDU_2024 = """An inspection of probation services in: Eastmoor PDU

The Probation Service - Westshire region

HM Inspectorate of Probation, March 2025

Ratings

Eastmoor PDU

Fieldwork started November 2024

Score 8/21

Overall rating: Requires improvement

1. Organisational delivery

1.1 Leadership Requires improvement

1.2 Staff Good

1.3 Services Good

2. Case supervision

2.1 Assessment Requires improvement

2.2 Planning Requires improvement

2.3 Implementation and delivery Inadequate

2.4 Reviewing Requires improvement

Recommendations

Eastmoor PDU should:

1. improve the quality of work to keep people safe.

Westshire region should:

2. reduce the vacancies for probation officers.

2. Case supervision

2.3 Implementation and delivery Inadequate

High-quality, well-focused, personalised and coordinated services are delivered.

Key question\tPercentage 'Yes'
Does the implementation and delivery of services effectively support the safety of other people?\t38%

Strengths:

- Contact was frequent enough.

Areas for improvement:

- Home visits were rare.
"""
