"""Golden test: every table of the Tameside PDU report, expected values typed by hand from raw/ text."""

from __future__ import annotations

import datetime as dt
from collections import Counter

RI, GOOD, INAD = "Requires improvement", "Good", "Inadequate"


def test_reports_row(tameside):
    assert tameside.report_id == "tameside-pdu-2023-05"
    assert not tameside.has_errors
    (row,) = tameside.rows["reports"]
    assert row["title"] == "An inspection of probation services in: Tameside PDU"
    assert row["inspected_body"] == "Tameside PDU"
    assert (row["body_type"], row["region"]) == ("pdu", "Greater Manchester")
    assert row["report_family"] == "pdu_2021_23"
    assert row["publication_month"] == dt.date(2023, 5, 1)
    assert row["fieldwork_start_date"] == dt.date(2023, 3, 13)
    assert row["lead_inspector"] == "Martin Cunningham"
    assert row["isbn"] == "978-1-915468-50-5"
    assert (row["overall_rating"], row["score"], row["score_max"]) == (RI, 7, 27)
    assert (row["cases_inspected"], row["practitioner_interviews"]) == (28, 19)


def test_standards(tameside):
    got = {r["standard_code"]: (r["standard_name"], r["rating"], r["points"], r["is_rated"])
           for r in tameside.rows["standards"]}
    assert got == {
        "1.1": ("Leadership", RI, 1, True), "1.2": ("Staff", GOOD, 2, True),
        "1.3": ("Services", RI, 1, True), "1.4": ("Information and facilities", GOOD, 2, True),
        "2.1": ("Court work", RI, 1, True), "2.2": ("Assessment", INAD, 0, True),
        "2.3": ("Planning", INAD, 0, True), "2.4": ("Implementation and delivery", INAD, 0, True),
        "2.5": ("Reviewing", INAD, 0, True), "2.6": ("Outcomes", None, None, False),
    }


def test_key_question_percentages(tameside):
    got = {(r["standard_code"], r["question_no"]): r["yes_pct"] for r in tameside.rows["key_questions"]}
    assert got == {
        ("2.1", 1): 58.0,
        ("2.2", 1): 39.0, ("2.2", 2): 57.0, ("2.2", 3): 29.0,
        ("2.3", 1): 64.0, ("2.3", 2): 75.0, ("2.3", 3): 43.0,
        ("2.4", 1): 71.0, ("2.4", 2): 46.0, ("2.4", 3): 39.0,
        ("2.5", 1): 71.0, ("2.5", 2): 54.0, ("2.5", 3): 39.0,
        ("2.6", 1): 32.0,
    }
    outcomes = [r for r in tameside.rows["key_questions"] if r["standard_code"] == "2.6"]
    assert [r["question_theme"] for r in outcomes] == ["outcomes"]


def test_recommendations(tameside):
    got = [(r["recommendation_no"], r["addressee"], r["addressee_level"])
           for r in tameside.rows["recommendations"]]
    pdu, gm, hmpps = "Tameside PDU", "Greater Manchester region", "HM Prison and Probation Service"
    assert got == [
        (1, pdu, "local"), (2, pdu, "local"), (3, pdu, "local"), (4, pdu, "local"), (5, pdu, "local"),
        (6, gm, "region"), (7, gm, "region"), (8, gm, "region"),
        (9, hmpps, "national"), (10, hmpps, "national"),
    ]
    assert tameside.rows["recommendations"][7]["text"] == (
        "reduce waiting times for accredited programmes, particularly Building Better Relationships (BBR).")


def test_findings_per_section(tameside):
    got = Counter((r["section"], r["kind"]) for r in tameside.rows["findings"])
    s, i = "strength", "improvement"
    assert got == Counter({
        ("Leadership", s): 7, ("Leadership", i): 4,
        ("Staff", s): 14, ("Staff", i): 5,
        ("Services", s): 13, ("Services", i): 4,
        ("Resettlement work", s): 4, ("Resettlement work", i): 1,
        ("Information and facilities", s): 9, ("Information and facilities", i): 2,
        ("Feedback from people on probation", s): 3, ("Feedback from people on probation", i): 2,
        ("Diversity and inclusion", s): 4, ("Diversity and inclusion", i): 3,
        ("Court work", s): 5, ("Court work", i): 2,
        ("Assessment", s): 2, ("Assessment", i): 3,
        ("Planning", s): 2, ("Planning", i): 3,
        ("Implementation and delivery", s): 1, ("Implementation and delivery", i): 3,
        ("Reviewing", s): 2, ("Reviewing", i): 3,
        ("Outcomes", s): 2, ("Outcomes", i): 4,
    })
    feedback = {r["standard_code"] for r in tameside.rows["findings"]
                if r["section"] == "Feedback from people on probation"}
    assert feedback == {None}


def test_quotes(tameside):
    starts = ["I got into a course with stepwise, and it's", "They are a friendly bunch here",
              "Time is the issue, I turn up on time", "It was a challenge to get there"]
    quotes = tameside.rows["quotes"]
    assert len(quotes) == 4
    for quote, start in zip(quotes, starts, strict=True):
        assert quote["section"] == "Feedback from people on probation"
        assert quote["text"].startswith(start)
    assert tameside.rows["quotes"][3]["text"].endswith("it was all very one way.")


def test_no_issues(tameside):
    assert tameside.issues == []
