"""The overall rating from a foreword, and the publication date's sources in order (the cover, a
'Published:' line, the web page's date metadata, the provenance record), each said in an issue when it
is not the report's own text. Texts are synthetic, written for these tests; expected values by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from pipelines.extract import extract_bytes, extract_text, normalise
from pipelines.extract.dating import published_month, with_published_date
from pipelines.extract.document import Doc
from pipelines.extract.foreword import foreword_rating
from pipelines.extract.readers.html_meta import page_date
from pipelines.extract.structure import find_structure

EARLIER_FIRST = """Foreword

When we last inspected Sunderland PDU in 2022, we rated it as 'Inadequate' overall. Much has changed.
In this inspection, we have rated Sunderland PDU as 'Good' overall, up from 'Inadequate' last time.

Background
"""


def _rating(text: str):
    doc = Doc(normalise(text))  # as the extractor reads it: the '(Back to top)' links removed
    return foreword_rating(doc, find_structure(doc))


def test_the_foreword_rating_of_this_inspection_not_the_earlier_one():
    said = _rating(EARLIER_FIRST)
    assert said is not None and said.rating == "Good"
    assert said.sentence.startswith("In this inspection, we have rated Sunderland PDU")
    assert EARLIER_FIRST[said.start:].startswith("In this inspection")


@pytest.mark.parametrize(("foreword", "rating"), [
    ("We have rated Northfield PDU as 'Requires improvement'. This overall rating hides strong work.",
     "Requires improvement"),
    ("Overall, we rated Northfield PDU as 'Outstanding'.", "Outstanding"),
    # a standard's rating, prose ratings and an earlier inspection's rating are never taken
    ("This resulted in an overall rating for information and facilities of 'Good'.", None),
    ("Case management, which we rated as inadequate overall against too many standards.", None),
    ("In 2019 the PDU was rated 'Inadequate' overall.", None),
])
def test_foreword_sentences(foreword, rating):
    said = _rating(f"Foreword (Back to top)\n\n{foreword}\n\nBackground\n")
    assert (said.rating if said else None) == rating


def test_no_foreword_no_rating():
    assert _rating("Background\n\nWe have rated Northfield PDU as 'Good' overall.\n") is None


def test_page_date_from_meta_then_time():
    meta = b'<html><head><meta property="article:published_time" content="2025-03-18T09:00:00Z">' \
        b'<meta name="dcterms.modified" content="2025-06-01"></head><body><time datetime="2024-01-02">' \
        b'</time></body></html>'
    assert page_date(meta).date == dt.date(2025, 3, 18)
    assert "article:published_time" in page_date(meta).source
    time_only = b'<html><body><p>Published: <time datetime="2024-11-07">7 November</time></p></body></html>'
    assert (page_date(time_only).date, page_date(time_only).source) == (
        dt.date(2024, 11, 7), '<time datetime="2024-11-07">')
    modified_only = b'<html><head><meta name="last-modified-date" content="2025-06-01"></head></html>'
    assert page_date(modified_only) is None
    assert page_date(b"<html><body><time datetime='soon'></time></body></html>") is None


def test_published_month_of_a_record():
    assert published_month("2025-03-18") == dt.date(2025, 3, 1)
    assert published_month("2025-03") == dt.date(2025, 3, 1)
    assert published_month("2025") is None and published_month(None) is None
    assert published_month("2025-13") is None


UNDATED = """An inspection of probation services in Sunderland PDU

Published:

Ratings

Score 2/3

Overall rating: Good

1. Organisational delivery

1.1 Leadership Good

Recommendations

Sunderland PDU should:

1. keep going.
"""


def test_a_published_line_without_a_date_holds_the_report_back_under_a_provisional_id():
    e = extract_text(UNDATED, "sunderland.txt", "0" * 64)
    assert e.report_id == "sunderland-pdu-undated" and not e.is_report
    (error,) = [i for i in e.issues if i.severity == "error"]
    assert error.code == "no_publication_month" and "'Published:' line carries no date" in error.message
    assert UNDATED[error.char_start:].startswith("Published:")
    (row,) = e.rows["reports"]
    assert (row["overall_rating"], row["score"], row["publication_month"]) == ("Good", 2, None)


def test_the_provenance_record_dates_it_and_says_so():
    e = with_published_date(extract_text(UNDATED, "sunderland.txt", "0" * 64), "2025-02-20",
                            "sunderland.txt.source.json")
    assert e.report_id == "sunderland-pdu-2025-02" and e.is_report
    assert {r["report_id"] for rows in e.rows.values() for r in rows} == {"sunderland-pdu-2025-02"}
    assert e.rows["reports"][0]["publication_month"] == dt.date(2025, 2, 1)
    note = next(i for i in e.issues if i.code == "publication_date_source")
    assert note.severity == "warning" and "provenance record sunderland.txt.source.json" in note.message


def test_a_record_with_only_a_year_leaves_it_held_back_and_says_why():
    e = with_published_date(extract_text(UNDATED, "sunderland.txt", "0" * 64), "2025", "s.source.json")
    assert e.report_id == "sunderland-pdu-undated" and not e.is_report
    assert "gives only '2025', not a month" in next(i.message for i in e.issues if i.severity == "error")


def test_a_record_never_overrides_the_reports_own_date():
    dated = UNDATED.replace("Published:\n", "Published: 3 March 2025\n")
    e = extract_text(dated, "sunderland.txt", "0" * 64)
    assert e.report_id == "sunderland-pdu-2025-03"
    assert with_published_date(e, "2024-01-01", "s.source.json") is e


def test_the_web_pages_time_element_dates_a_page_whose_text_has_none():
    html = (b"<html><body><main><h1>An inspection of probation services in Sunderland PDU</h1>"
            b"<p>Published: <time datetime='2025-04-09'></time></p>"
            b"<h2>Ratings</h2><p>Score 2/3</p><p>Overall rating: Good</p><h3>1. Organisational delivery</h3>"
            b"<p>1.1 Leadership Good</p><h2>Recommendations</h2><p>Sunderland PDU should:</p>"
            b"<ol><li>keep going.</li></ol></main></body></html>")
    e = extract_bytes(html, "sunderland.html")
    assert e.report_id == "sunderland-pdu-2025-04"
    note = next(i for i in e.issues if i.code == "publication_date_source")
    assert "<time datetime=\"2025-04-09\">" in note.message and "text prints no date" in note.message
