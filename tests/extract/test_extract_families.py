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
    assert (row["body_type"], row["overall_rating"]) == ("youth", "Good")
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
    assert [i.code for i in e.issues if i.severity == "error"] == ["no_ratings"]
    assert not e.is_report


def test_truncated_mid_report_keeps_what_it_has():
    data = sample_bytes("wigan-pdu-2023-05.txt")
    e = extract_bytes(data[: data.index(b"2.3. Planning")], "wigan-half.txt")
    assert e.report_id == "wigan-pdu-2023-05" and not e.has_errors
    assert {r["standard_code"] for r in e.rows["key_questions"]} == {"2.1", "2.2"}
    assert "standard_section_missing" in _codes(e)
