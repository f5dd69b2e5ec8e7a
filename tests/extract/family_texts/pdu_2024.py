"""Synthetic (not a real report): a 2024 PDU inspection as the inspectorate's web page, saved as HTML:
'Skip to content', the title on one line ("An inspection of probation services in Sunderland PDU"), a
'Published:' line whose date is missing from the text (the page's <time datetime> still gives it),
headings followed by '(Back to top)', a foreword that names the earlier inspection's rating before this
one's, seven standards scored out of 21 with the ratings beside them."""

import datetime as dt

NAME = "sunderland.html"
DATA = b"""<!DOCTYPE html>
<html lang="en"><head><title>An inspection of probation services in Sunderland PDU</title>
<meta name="dcterms.modified" content="2025-06-30">
</head><body>
<a href="#main">Skip to content</a>
<main id="main">
<h1>An inspection of probation services in Sunderland PDU</h1>
<p>Published: <time datetime="2025-02-11"></time></p>
<p>The Probation Service - North East region</p>
<h2>Foreword <a href="#top">(Back to top)</a></h2>
<p>When we last inspected Sunderland PDU in 2022, we rated it as 'Inadequate' overall. In this
inspection, we have rated Sunderland PDU as 'Requires improvement' overall.</p>
<h2>Ratings <a href="#top">(Back to top)</a></h2>
<p>Sunderland PDU</p>
<p>Fieldwork started October 2024</p>
<p>Score 6/21</p>
<p>Overall rating: Requires improvement</p>
<h3>1. Organisational delivery</h3>
<p>1.1 Leadership Requires improvement</p>
<p>1.2 Staff Good</p>
<p>1.3 Services Requires improvement</p>
<h3>2. Case supervision</h3>
<p>2.1 Assessment Requires improvement</p>
<p>2.2 Planning Inadequate</p>
<p>2.3 Implementation and delivery Requires improvement</p>
<p>2.4 Reviewing Inadequate</p>
<h2>Recommendations <a href="#top">(Back to top)</a></h2>
<p>Sunderland PDU should:</p>
<ol><li>improve the planning of work to keep other people safe</li>
<li>make sure that reviews take place when circumstances change.</li></ol>
<p>The North East region should:</p>
<ol start="3"><li>reduce the caseloads of probation officers.</li></ol>
<h2>2. Case supervision <a href="#top">(Back to top)</a></h2>
<h3>2.2 Planning</h3>
<p>Planning is well-informed, holistic and personalised, actively involving the person on probation.</p>
<p>Inadequate</p>
<table><tr><th>Key question</th><th>Percentage 'Yes'</th></tr>
<tr><td>Does planning focus sufficiently on keeping other people safe?</td><td>41%</td></tr></table>
</main>
<footer>All content is available under the Open Government Licence v3.0</footer>
</body></html>
"""

RI, GOOD, INAD = "Requires improvement", "Good", "Inadequate"
EXPECTED = {
    "report_id": "sunderland-pdu-2025-02",
    "report": {
        "title": "An inspection of probation services in Sunderland PDU",
        "inspected_body": "Sunderland PDU",
        "body_type": "pdu",
        "report_family": "pdu_2024",
        "region": "North East",
        "publication_month": dt.date(2025, 2, 1),
        "overall_rating": RI,
        "score": 6,
        "score_max": 21,
    },
    "standards": [
        ("1.1", "Leadership", RI),
        ("1.2", "Staff", GOOD),
        ("1.3", "Services", RI),
        ("2.1", "Assessment", RI),
        ("2.2", "Planning", INAD),
        ("2.3", "Implementation and delivery", RI),
        ("2.4", "Reviewing", INAD),
    ],
    "key_questions": [("2.2", 1, "Does planning focus sufficiently on keeping other people safe?", 41.0)],
    "recommendations": [
        (1, "Sunderland PDU", "improve the planning of work to keep other people safe"),
        (2, "Sunderland PDU", "make sure that reviews take place when circumstances change."),
        (3, "The North East region", "reduce the caseloads of probation officers."),
    ],
    "errors": [],
    "notes": ["publication_date_source"],
}
