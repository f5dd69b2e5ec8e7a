"""Each cross-check catches a deliberately inconsistent report (a sample with one fact changed)."""

from __future__ import annotations

import pytest

from pipelines.extract import extract_text
from pipelines.extract.bands import band_for, canonical_rating, make_report_id, points_for
from tests.extract.conftest import sample_text

WIGAN, TAMESIDE = "wigan-pdu-2023-05.txt", "tameside-pdu-2023-05.txt"


def changed(sample: str, old: str, new: str) -> set[str]:
    """The issue codes the change brings, beyond those of the unchanged sample."""
    text = sample_text(sample)
    assert text.count(old) == 1, old
    got = extract_text(text.replace(old, new), sample, "0" * 64)
    assert got.report_id is not None
    before = {i.code for i in extract_text(text, sample, "0" * 64).issues}
    return {i.code for i in got.issues} - before


def test_ratings_page_against_the_standards_own_rating():
    codes = changed(WIGAN, "2.2 Assessment\n\nInadequate", "2.2 Assessment\n\nGood")
    assert "rating_mismatch" in codes
    assert "score_mismatch" in codes  # the page's ratings now add up to 9, not 7


def test_score_against_the_sum_of_points():
    assert changed(WIGAN, "Score **7/27**", "Score **8/27**") == {"score_mismatch"}


def test_rated_standards_against_the_score_maximum():
    assert changed(TAMESIDE, "Score **7/27**", "Score **7/30**") == {"score_max_mismatch"}


def test_narrative_lowest_score_against_the_table():
    codes = changed(WIGAN, "was 33 per cent for keeping", "was 35 per cent for keeping")
    assert codes == {"narrative_mismatch"}


def test_rating_against_the_band_of_the_lowest_key_question():
    codes = changed(WIGAN, "effectively support the safety of other people?\t41%",
                    "effectively support the safety of other people?\t91%")
    assert codes == {"band_mismatch"}  # lowest is now 51%: Requires improvement, but rated Inadequate
    # 29% -> 69%: 39% is now the lowest, still Inadequate, but the narrative's "29 per cent" is wrong
    codes = changed(TAMESIDE, "keeping other people safe?\t29%", "keeping other people safe?\t69%")
    assert codes == {"narrative_mismatch"}


def test_recommendation_numbers_without_gaps():
    codes = changed(WIGAN, "\n5. improve the quality", "\n6. improve the quality")
    assert codes == {"recommendation_numbering"}


def test_cases_not_above_the_cases_inspected():
    assert changed(WIGAN, "27 of 38 cases", "27 of 48 cases") == {"case_count_exceeds_inspected"}
    codes = changed(TAMESIDE, "In 23 out of 28 cases", "In 29 out of 28 cases")
    assert codes == {"case_count_inconsistent"}


@pytest.mark.parametrize(("pct", "band"), [
    (0, "Inadequate"), (49.9, "Inadequate"), (50, "Requires improvement"), (64, "Requires improvement"),
    (65, "Good"), (79, "Good"), (80, "Outstanding"), (100, "Outstanding")])
def test_bands(pct, band):
    assert band_for(pct) == band


def test_points_and_spellings():
    assert [points_for(r) for r in ("Outstanding", "Good", "Requires improvement", "Inadequate", None)] == [
        3, 2, 1, 0, None]
    assert canonical_rating("requires  Improvement") == "Requires improvement"
    assert canonical_rating("'Inadequate'.") == "Inadequate"
    assert canonical_rating("Satisfactory") is None


def test_report_id_slug():
    import datetime as dt

    assert make_report_id("Wigan PDU", dt.date(2023, 5, 1)) == "wigan-pdu-2023-05"
    assert make_report_id("Bath & North East Somerset YOS", dt.date(2021, 11, 1)) == (
        "bath-north-east-somerset-yos-2021-11")


def test_a_percentage_above_100_is_flagged_when_extracted():
    codes = changed(WIGAN, "keeping other people safe?\t33%", "keeping other people safe?\t133%")
    assert "percentage_out_of_range" in codes


def test_a_missing_standard_is_flagged():
    text = sample_text(TAMESIDE)
    start, end = text.index("2.6. Outcomes"), text.rindex("Annexe one")
    got = extract_text(text[:start] + text[end:], TAMESIDE, "0" * 64)
    messages = [i.message for i in got.issues if i.code == "standard_missing"]
    assert messages == ["standard 2.6 Outcomes not found: a PDU report scored out of 27 has one"]
    gap = changed(WIGAN, "\n1.3. Services\n", "\nServices\n")
    assert "standard_missing" not in gap  # still on the ratings page: found there
