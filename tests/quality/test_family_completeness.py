"""The family-aware completeness view (rules.sql check_completeness) asks of each family exactly the
standards pipelines/extract/family.py TRAITS says it always prints, and nothing of a family whose
standards are not known; and check_score leaves a youth report's resettlement standard out of the score."""

from __future__ import annotations

import pytest

from pipelines.extract.family import TRAITS
from pipelines.quality.sources import create_check_views
from pipelines.schema import REPORT_FAMILIES
from tests.quality.fixtures import empty_warehouse


def _report(con, report_id: str, family: str, score=None, score_max=None) -> None:
    con.execute("INSERT INTO staging.reports (report_id, inspected_body, body_id, body_type, report_family, "
                "publication_month, score, score_max, source_file, source_sha256, extractor_version) "
                "VALUES (?, 'X', 'x', 'other', ?, DATE '2025-01-01', ?, ?, 'x.txt', 'h', 't')",
                [report_id, family, score, score_max])


def _standard(con, report_id: str, code: str, name: str, rating: str, points: int) -> None:
    con.execute("INSERT INTO staging.standards (standard_id, report_id, domain_no, standard_code, "
                "standard_name, rating, points, is_rated, char_start, char_end) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, true, 0, 1)",
                [f"{report_id}/{code}", report_id, int(code[0]), code, name, rating, points])


@pytest.mark.parametrize("family", REPORT_FAMILIES)
def test_an_empty_report_misses_exactly_its_familys_standards(family):
    con = empty_warehouse()
    _report(con, "r", family)
    create_check_views(con)
    rows = con.execute("SELECT standard_code, problem FROM check_completeness WHERE report_id = 'r'")
    rows = rows.fetchall()
    expected = TRAITS[family].standards or ()
    assert sorted(code for code, _ in rows) == sorted(expected)
    assert {problem for _, problem in rows} <= {"standard missing"}


def test_family_standard_lists_typed_by_hand():
    assert TRAITS["pdu_2024"].standards == ("1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4")
    assert TRAITS["youth_2018"].standards[-4:] == ("3.1", "3.2", "3.3", "3.4")
    for family in ("region_2024", "national_2025", "youth_2025", "crc_2018", "nps_2018", "dynamic_2025"):
        assert TRAITS[family].standards is None and "not known" in TRAITS[family].notes


def test_pdu_2024_key_questions_are_not_counted_as_their_number_is_not_known():
    con = empty_warehouse()
    _report(con, "p", "pdu_2024")
    for code in TRAITS["pdu_2024"].standards:
        _standard(con, "p", code, "S", "Good", 2)
    create_check_views(con)
    assert con.execute("SELECT count(*) FROM check_completeness WHERE problem IS NOT NULL").fetchone() == (0,)


def test_youth_resettlement_is_left_out_of_the_score():
    con = empty_warehouse()
    _report(con, "y", "youth_2018", score=4, score_max=6)
    _standard(con, "y", "1.1", "Governance and leadership", "Good", 2)
    _standard(con, "y", "1.2", "Staff", "Good", 2)
    _standard(con, "y", "4.1", "Resettlement policy and provision", "Outstanding", 3)
    create_check_views(con)
    assert con.execute("SELECT points_sum, expected_score_max FROM check_score").fetchone() == (4, 6)
