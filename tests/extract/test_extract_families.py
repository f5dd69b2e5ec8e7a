"""Other report families yield what they contain plus warnings, never invented rows; files that are not
reports become one clear error."""

from __future__ import annotations

import datetime as dt

from pipelines.extract import extract_bytes, extract_text
from tests.extract.conftest import sample_bytes
from tests.extract.families import PDU_2024, YOUTH


def _codes(e):
    return [i.code for i in e.issues]


def test_youth_report_scored_out_of_36():
    e = extract_text(YOUTH, "northbridge.txt", "0" * 64)
    assert e.report_id == "northbridge-yos-2021-11" and not e.has_errors
    (row,) = e.rows["reports"]
    assert (row["body_type"], row["report_family"], row["overall_rating"]) == ("youth", "youth_2018", "Good")
    assert (row["score"], row["score_max"]) == (20, 36)
    assert row["fieldwork_start_date"] == dt.date(2021, 9, 1)
    assert row["lead_inspector"] is None and row["isbn"] is None and row["cases_inspected"] is None
    codes = {r["standard_code"] for r in e.rows["standards"]}
    assert codes == {"1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3", "3.4"}
    by_code = {r["standard_code"]: r for r in e.rows["standards"]}
    assert by_code["3.4"]["standard_name"] == "Out-of-court disposal policy and provision"
    assert by_code["3.4"]["domain_name"] == "Out-of-court disposals"
    assert by_code["2.2"]["standard_statement"] is None  # no section of its own: nothing invented
    got = [(k["question_no"], k["yes_pct"]) for k in e.rows["key_questions"]]
    assert got == [(1, 78.0), (2, 61.0), (3, 72.0)]
    assert [r["addressee_level"] for r in e.rows["recommendations"]] == ["local", "local"]
    assert len(e.rows["findings"]) == 3 and e.rows["quotes"] == []
    assert {"missing_lead_inspector", "missing_isbn", "standard_section_missing"} <= set(_codes(e))
    assert "score_mismatch" not in _codes(e) and "overall_band_mismatch" not in _codes(e)


def test_youth_overall_rating_against_its_score_band():
    e = extract_text(YOUTH.replace("Overall rating\n\nGood", "Overall rating\n\nRequires improvement"),
                     "northbridge.txt", "0" * 64)
    assert "overall_band_mismatch" in _codes(e)


def test_pdu_2024_style_with_four_domain_two_standards():
    e = extract_text(PDU_2024, "eastmoor.txt", "0" * 64)
    assert e.report_id == "eastmoor-pdu-2025-03" and not e.has_errors
    (row,) = e.rows["reports"]
    assert (row["overall_rating"], row["score"], row["score_max"]) == ("Requires improvement", 8, 21)
    assert (row["body_type"], row["report_family"]) == ("pdu", "pdu_2024")
    assert row["region"] == "Westshire"
    got = {r["standard_code"]: r["rating"] for r in e.rows["standards"]}
    assert got == {"1.1": "Requires improvement", "1.2": "Good", "1.3": "Good", "2.1": "Requires improvement",
                   "2.2": "Requires improvement", "2.3": "Inadequate", "2.4": "Requires improvement"}
    assert [(r["recommendation_no"], r["addressee_level"]) for r in e.rows["recommendations"]] == [
        (1, "local"), (2, "region")]
    assert [k["yes_pct"] for k in e.rows["key_questions"]] == [38.0]
    assert not any(c.startswith("score") for c in _codes(e))
    assert "standard_section_missing" in _codes(e)


def test_empty_file():
    e = extract_bytes(b"", "empty.txt")
    assert e.report_id is None and _codes(e) == ["empty_file"] and e.has_errors


def test_blank_text():
    e = extract_bytes(b"  \n\n \r\n", "blank.txt")
    assert e.report_id is None and _codes(e) == ["empty_file"]


def test_binary_file():
    e = extract_bytes(bytes(range(256)) * 4, "image.bin")
    assert e.report_id is None and len(e.issues) == 1 and e.issues[0].severity == "error"


def test_unrelated_text():
    e = extract_bytes(b"Shopping list\n\n- eggs\n- milk\n\nRemember the 12 cases of water.\n", "list.txt")
    assert e.report_id is None and _codes(e) == ["not_a_report"]


def test_truncated_before_the_ratings():
    data = sample_bytes("wigan-pdu-2023-05.txt")
    e = extract_bytes(data[: data.index(b"\nRatings\n")], "wigan-truncated.txt")
    assert e.report_id == "wigan-pdu-2023-05"
    # the foreword's "We have rated Wigan Probation Delivery Unit (PDU) as 'Requires improvement'. This
    # overall rating masks ..." still gives the overall rating; every other part a 2021-23 PDU report
    # prints is missing, each named in an error
    assert e.rows["reports"][0]["overall_rating"] == "Requires improvement"
    assert "overall_rating_from_foreword" in _codes(e)
    assert [i.code for i in e.issues if i.severity == "error"] == [
        "score_missing", "standards_missing", "recommendations_missing"]
    assert not e.is_report


def test_truncated_inside_the_cover_has_no_ratings():
    data = sample_bytes("wigan-pdu-2023-05.txt")
    e = extract_bytes(data[: data.index(b"\nForeword\n")], "wigan-cover.txt")
    assert e.report_id == "wigan-pdu-2023-05"
    assert [i.code for i in e.issues if i.severity == "error"] == ["no_ratings"]
    assert not e.is_report


def test_truncated_mid_report_keeps_what_it_has():
    data = sample_bytes("wigan-pdu-2023-05.txt")
    e = extract_bytes(data[: data.index(b"2.3. Planning")], "wigan-half.txt")
    assert e.report_id == "wigan-pdu-2023-05" and not e.has_errors
    assert {r["standard_code"] for r in e.rows["key_questions"]} == {"2.1", "2.2"}
    assert "standard_section_missing" in _codes(e)


YOUTH_OUT_OF_COURT = """
3. Out-of-court disposals

3.1. Assessment

Assessment is well-informed, analytical and personalised, actively involving the child and their carers.

Good

Key question\tPercentage 'Yes'
Does assessment sufficiently analyse how to support the child's desistance?\t80%
Does assessment sufficiently analyse how to keep the child safe?\t70%
Does assessment sufficiently analyse how to keep other people safe?\t72%

Strengths:

- Out-of-court assessments were thorough.

Areas for improvement:

- Victims' views were not always sought.
"""


def test_a_standard_name_in_two_domains_keeps_the_findings_keys_unique():
    """A youth report's 'Assessment' is standard 2.1 (court) and 3.1 (out of court)."""
    e = extract_text(YOUTH + YOUTH_OUT_OF_COURT, "northbridge.txt", "0" * 64)
    got = [(f["standard_code"], f["section"], f["kind"], f["finding_no"], f["text"])
           for f in e.rows["findings"]]
    assert got == [
        ("2.1", "Assessment", "strength", 1, "Assessments drew on a wide range of sources."),
        ("2.1", "Assessment", "improvement", 1, "Risks to the child were not always identified."),
        ("2.1", "Assessment", "improvement", 2, "Contingency plans were too general."),
        ("3.1", "Assessment", "strength", 1, "Out-of-court assessments were thorough."),
        ("3.1", "Assessment", "improvement", 1, "Victims' views were not always sought."),
    ]
    assert [(k["standard_code"], k["yes_pct"]) for k in e.rows["key_questions"]][3:] == [
        ("3.1", 80.0), ("3.1", 70.0), ("3.1", 72.0)]


def test_a_repeated_sub_section_heading_numbers_its_findings_on():
    repeated = YOUTH + "\nResettlement work\n\nStrengths:\n\n- Housing was found.\n" \
        "\nResettlement work\n\nStrengths:\n\n- Training places were kept.\n"
    e = extract_text(repeated, "northbridge.txt", "0" * 64)
    got = [(f["section"], f["finding_no"], f["text"])
           for f in e.rows["findings"] if f["standard_code"] is None]
    assert got == [("Resettlement work", 1, "Housing was found."),
                   ("Resettlement work", 2, "Training places were kept.")]
    assert "repeated_section_heading" in _codes(e)


def test_ratings_in_title_case_or_capitals_are_read():
    text = YOUTH.replace("\nRequires improvement\n", "\nRequires Improvement\n")
    text = text.replace("\nGood\n", "\nGOOD\n")
    assert "Requires Improvement" in text and "GOOD" in text
    e = extract_text(text, "northbridge.txt", "0" * 64)
    assert [(s["standard_code"], s["rating"]) for s in e.rows["standards"]] == [
        ("1.1", "Good"), ("1.2", "Good"), ("1.3", "Good"), ("1.4", "Good"),
        ("2.1", "Requires improvement"), ("2.2", "Good"), ("2.3", "Good"), ("2.4", "Requires improvement"),
        ("3.1", "Good"), ("3.2", "Requires improvement"), ("3.3", "Good"), ("3.4", "Requires improvement")]
    assert e.rows["reports"][0]["overall_rating"] == "Good"
    assert [(f["standard_code"], f["section"]) for f in e.rows["findings"]] == \
        [("2.1", "Assessment")] * 3
