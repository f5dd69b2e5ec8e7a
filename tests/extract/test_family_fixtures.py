"""Each report family's synthetic fixture (tests/extract/family_texts/, written by hand) extracts exactly
its hand-typed values: the report row's identity, dates, rating and score, every standard, key question
and recommendation, and exactly the errors expected (none, but where the fixture says)."""

from __future__ import annotations

import importlib

import pytest

from pipelines.extract import extract_bytes
from tests.extract.family_texts import FAMILY_MODULES


def _got(e):
    report = e.rows["reports"][0]
    return {
        "report_id": e.report_id,
        "report": {k: report[k] for k in ("title", "inspected_body", "body_type", "report_family", "region",
                                          "publication_month", "overall_rating", "score", "score_max")},
        "standards": [(s["standard_code"], s["standard_name"], s["rating"]) for s in e.rows["standards"]],
        "key_questions": [(k["standard_code"], k["question_no"], k["question"], k["yes_pct"])
                          for k in e.rows["key_questions"]],
        "recommendations": [(r["recommendation_no"], r["addressee"], r["text"])
                            for r in e.rows["recommendations"]],
        "errors": [i.code for i in e.issues if i.severity == "error"],
    }


@pytest.mark.parametrize("family", FAMILY_MODULES)
def test_family_fixture_extracts_exactly_its_values(family):
    fixture = importlib.import_module(f"tests.extract.family_texts.{family}")
    assert "Synthetic" in fixture.__doc__
    e = extract_bytes(fixture.DATA, fixture.NAME)
    want = {k: fixture.EXPECTED[k] for k in ("report_id", "report", "standards", "key_questions",
                                             "recommendations", "errors")}
    assert _got(e) == want
    assert want["report"]["report_family"] == family
    codes = {i.code for i in e.issues}
    assert set(fixture.EXPECTED["notes"]) <= codes
    assert not set(fixture.EXPECTED.get("absent", ())) & codes


def _sunderland_without(*cuts: tuple[bytes, bytes]) -> bytes:
    from tests.extract.family_texts import pdu_2024

    data = pdu_2024.DATA
    for start, end in cuts:
        data = data[: data.index(start)] + data[data.index(end):]
    return data


def test_a_web_page_without_its_ratings_reads_this_inspections_rating_from_the_foreword():
    """The foreword first recalls the 2022 inspection's 'Inadequate', then rates this one 'Requires
    improvement': the second is the overall rating; the score, printed only in the ratings, is missing."""
    e = extract_bytes(_sunderland_without((b"<h2>Ratings", b"<h2>Recommendations")), "sunderland.html")
    (report,) = e.rows["reports"]
    assert (report["overall_rating"], report["score"], report["report_family"]) == (
        "Requires improvement", None, "pdu_2024")
    assert [i.code for i in e.issues if i.severity == "error"] == ["score_missing"]
    said = next(i for i in e.issues if i.code == "overall_rating_from_foreword")
    assert "In this inspection, we have rated Sunderland PDU" in said.message


def test_a_web_page_whose_published_line_and_markup_have_no_date_is_held_back_with_the_reason():
    data = _sunderland_without((b"<time", b"</p>\n<p>The Probation"))
    assert b"<p>Published: </p>" in data
    e = extract_bytes(data, "sunderland.html")
    assert e.report_id == "sunderland-pdu-undated"
    assert [i.code for i in e.issues if i.severity == "error"] == ["no_publication_month"]
    assert e.rows["reports"][0]["overall_rating"] == "Requires improvement"  # still read and shown
