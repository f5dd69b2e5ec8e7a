"""The rule catalogue: column rules generated from the schema, suite files that are valid GX 1.x suites,
and the overall-band formula checked at its edges (typed by hand from the youth bands)."""

from __future__ import annotations

import json

import duckdb
import pytest

from pipelines.quality import EXPECTATIONS_DIR, rule_catalogue
from pipelines.quality.sources import create_check_views
from pipelines.quality.suites import load_suite, schema_rules
from pipelines.schema import KEY_QUESTIONS, TABLES
from tests.quality.fixtures import empty_warehouse


def test_schema_rules_follow_the_schema():
    rules = {r.name: r for r in schema_rules(KEY_QUESTIONS)}
    not_null = [c.kwargs["column"] for c in rules["required_not_null"].checks]
    assert not_null == ["key_question_id", "report_id", "standard_id", "standard_code", "question_no",
                        "question", "char_start", "char_end"]
    assert [c.kwargs["column"] for c in rules["ids_are_unique"].checks] == ["key_question_id"]
    ranges = {c.kwargs["column"]: (c.kwargs.get("min_value"), c.kwargs.get("max_value"))
              for c in rules["values_in_range"].checks}
    assert ranges["yes_pct"] == (0, 100)
    assert [c.kwargs["column"] for c in rules["values_in_allowed_set"].checks] == ["question_theme"]
    assert rules["key_is_unique"].checks[0].kwargs == {
        "column_list": ["report_id", "standard_code", "question_no"]}
    assert rules["key_is_unique"].level == "table" and rules["columns_match_schema"].level == "table"


def test_every_table_has_a_suite_file_that_great_expectations_accepts():
    import great_expectations as gx

    for table in TABLES:
        payload = json.loads((EXPECTATIONS_DIR / f"{table.name}.json").read_text())
        suite = gx.ExpectationSuite(**payload)
        assert suite.name == table.name and len(suite.expectations) >= 1
    assert len(rule_catalogue()) == len({r.rule_id for r in rule_catalogue()})


def test_undeclared_rule_in_a_suite_is_rejected(tmp_path):
    path = tmp_path / "reports.json"
    path.write_text(json.dumps({"name": "reports", "meta": {"table": "reports", "rules": {}},
                                "expectations": [{"type": "expect_column_to_exist",
                                                  "kwargs": {"column": "score"}, "meta": {"rule": "x"}}]}))
    with pytest.raises(ValueError, match="not declared"):
        load_suite(path)


@pytest.mark.parametrize(("score", "score_max", "band"), [
    (6, 36, "Inadequate"), (7, 36, "Requires improvement"), (18, 36, "Requires improvement"),
    (19, 36, "Good"), (30, 36, "Good"), (31, 36, "Outstanding"),
    (5, 30, "Inadequate"), (6, 30, "Requires improvement"), (25, 30, "Good"), (26, 30, "Outstanding"),
    (4, 27, "Inadequate"), (5, 27, "Requires improvement"), (13, 27, "Requires improvement"),
    (14, 27, "Good"), (22, 27, "Good"), (23, 27, "Outstanding"), (7, 27, "Requires improvement"),
])
def test_overall_band_edges(score: int, score_max: int, band: str):
    con = _empty_warehouse()
    assert create_check_views(con) == {}
    assert con.execute("SELECT hmip_overall_band(?, ?)", [score, score_max]).fetchone() == (band,)


@pytest.mark.parametrize(("pct", "band"), [(49.0, "Inadequate"), (50.0, "Requires improvement"),
                                           (64.0, "Requires improvement"), (65.0, "Good"), (79.0, "Good"),
                                           (80.0, "Outstanding")])
def test_key_question_band_edges(pct: float, band: str):
    con = _empty_warehouse()
    create_check_views(con)
    assert con.execute("SELECT hmip_band(?)", [pct]).fetchone() == (band,)


def test_youth_bands_are_confirmed_so_one_point_off_is_an_error():
    con = _empty_warehouse()
    con.execute("INSERT INTO reports (report_id, inspected_body, body_id, body_type, report_family, "
                "publication_month, overall_rating, score, score_max, source_file, source_sha256, "
                "extractor_version) VALUES "
                "('y', 'Y YOS', 'y-yos', 'youth', 'youth_2018', DATE '2023-01-01', 'Requires improvement', "
                "19, 36, 'y', 'h', 't'), ('p', 'P PDU', 'p-pdu', 'pdu', 'pdu_2021_23', DATE '2023-01-01', "
                "'Requires improvement', 14, 27, 'p', 'h', 't')")
    create_check_views(con)
    checked = con.execute("SELECT report_id, band_rating, band_check FROM check_overall_band ORDER BY 1")
    assert checked.fetchall() == [("p", "Good", "near_band_edge"), ("y", "Good", "outside_band")]


def _empty_warehouse() -> duckdb.DuckDBPyConnection:
    return empty_warehouse()
