"""The expectations on the derived columns fail when their values are wrong: a duplicated id blocks the run,
a rating order that does not match its rating holds the report back, a first inspection with a previous
one fails the history rule. Real GX validation on the hand-written fixture of Wigan and Tameside."""

from __future__ import annotations

from pipelines.quality import QualityResult, run_quality
from tests.quality.fixtures import TAMESIDE, WIGAN, build_warehouse


def _failed(result: QualityResult) -> list[str]:
    return [r.rule_id for r in result.rules if not r.passed]


def test_the_fixture_passes_the_derived_column_rules():
    result = run_quality(build_warehouse())
    assert _failed(result) == []
    ids = {r.rule_id for r in result.rules}
    assert {"standards.ids_are_unique", "standards.rating_order_matches_rating",
            "reports.overall_rating_order_matches_rating", "rating_history.first_inspection_has_no_previous",
            "bodies.inspections_match_reports", "bodies.ids_are_unique"} <= ids


def test_a_rating_order_that_contradicts_the_rating_holds_the_report_back():
    con = build_warehouse()
    con.execute("UPDATE standards SET rating_order = 4 WHERE standard_id = ?", [f"{WIGAN}/2.2"])
    result = run_quality(con)
    assert _failed(result) == ["standards.rating_order_matches_rating"]
    assert result.report_status[WIGAN][0] == "held_back"
    assert result.published_report_ids() == [TAMESIDE]


def test_an_order_outside_1_to_4_fails_the_allowed_set():
    con = build_warehouse()
    con.execute("UPDATE reports SET overall_rating_order = 5 WHERE report_id = ?", [WIGAN])
    failed = _failed(run_quality(con))
    assert "reports.values_in_allowed_set" in failed
    assert "reports.overall_rating_order_matches_rating" in failed


def test_a_duplicated_id_blocks_the_run():
    con = build_warehouse()
    con.execute("UPDATE key_questions SET key_question_id = ? WHERE report_id = ? AND standard_code = '2.3'",
                [f"{WIGAN}/2.2/1", WIGAN])
    result = run_quality(con)
    assert "key_questions.ids_are_unique" in _failed(result)
    assert result.verdict == "blocked"


def test_a_first_inspection_with_a_previous_one_fails_the_history_rule():
    con = build_warehouse()
    con.execute("UPDATE rating_history SET previous_report_id = ? WHERE report_id = ?", [TAMESIDE, WIGAN])
    result = run_quality(con)
    assert _failed(result) == ["rating_history.first_inspection_has_no_previous"]
    assert result.report_status[WIGAN][0] == "held_back"
