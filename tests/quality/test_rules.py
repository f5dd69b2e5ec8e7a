"""Each rule: the clean fixture passes, a broken fixture fails it, and the gate holds back only the broken
report (or blocks the run for table-level failures)."""

from __future__ import annotations

import pytest

from pipelines.quality import QualityResult, run_quality
from tests.quality.fixtures import TAMESIDE, WIGAN, build_warehouse, rows_of


def _rule(result: QualityResult, rule_id: str):
    return next(r for r in result.rules if r.rule_id == rule_id)


def _broken(edit) -> QualityResult:
    rows = rows_of(WIGAN, TAMESIDE)
    edit(rows)
    con = build_warehouse(edit=rows)
    return run_quality(con)


def _wigan(rows, table, **match):
    return [r for r in rows[table] if r["report_id"] == WIGAN and all(r[k] == v for k, v in match.items())]


def _assert_only_wigan_held_back(result: QualityResult, rule_id: str) -> None:
    assert result.verdict == "partial"
    assert result.blocking_failures == []
    status, reasons = result.report_status[WIGAN]
    assert status == "held_back"
    assert any(reason.startswith(rule_id) for reason in reasons)
    assert result.report_status[TAMESIDE] == ("published", [])
    assert result.published_report_ids() == [TAMESIDE]


def test_clean_reports_pass_every_rule():
    result = run_quality(build_warehouse())
    failing = [(r.rule_id, r.errors, r.failing_rows[:2]) for r in result.rules if not r.passed]
    assert failing == []
    assert result.verdict == "passed"
    assert result.report_status == {TAMESIDE: ("published", []), WIGAN: ("published", [])}
    assert len(result.extraction_issues) == 2


def test_percentage_above_100_fails_the_range_rule():
    def edit(rows):
        _wigan(rows, "key_questions", standard_code="2.2", question_no=2)[0]["yes_pct"] = 105.0
    result = _broken(edit)
    rule = _rule(result, "key_questions.values_in_range")
    assert not rule.passed
    assert rule.failing_rows == [{
        "report_id": WIGAN, "check": "yes_pct between 0 and 100",
        "values": {"standard_code": "2.2", "question_no": 2, "yes_pct": 105.0}, "accepted": False}]
    _assert_only_wigan_held_back(result, "key_questions.values_in_range")


def _good_planning_with_lowest_40(rows):
    planning = _wigan(rows, "standards", standard_code="2.3")[0]
    planning.update(rating="Good", points=2)
    _wigan(rows, "key_questions", standard_code="2.3", question_no=3)[0]["yes_pct"] = 40.0
    _wigan(rows, "reports")[0]["score"] = 9  # keep the score consistent: only the band rule breaks


def test_standard_rated_good_with_lowest_key_question_40_fails_the_band_rule():
    result = _broken(_good_planning_with_lowest_40)
    rule = _rule(result, "standards.rating_is_band_of_lowest_key_question")
    assert [(r["report_id"], r["values"]) for r in rule.failing_rows] == [
        (WIGAN, {"standard_code": "2.3", "rating": "Good", "lowest_pct": 40.0, "band_rating": "Inadequate"})]
    assert [r.rule_id for r in result.rules if not r.passed] == [rule.rule_id]
    _assert_only_wigan_held_back(result, rule.rule_id)


def test_score_that_does_not_add_up_fails():
    result = _broken(lambda rows: _wigan(rows, "reports")[0].update(score=8))
    rule = _rule(result, "reports.score_is_sum_of_points")
    assert [(r["report_id"], r["values"]["score"], r["values"]["points_sum"]) for r in rule.failing_rows] == [
        (WIGAN, 8, 7)]
    _assert_only_wigan_held_back(result, rule.rule_id)


def test_score_max_must_be_three_per_scored_standard():
    result = _broken(lambda rows: _wigan(rows, "reports")[0].update(score_max=30))
    rule = _rule(result, "reports.score_max_is_three_per_scored_standard")
    assert [(r["values"]["score_max"], r["values"]["expected_score_max"])
            for r in rule.failing_rows] == [(30, 27)]
    _assert_only_wigan_held_back(result, rule.rule_id)


def test_overall_rating_outside_its_band_fails():
    result = _broken(lambda rows: _wigan(rows, "reports")[0].update(overall_rating="Outstanding"))
    rule = _rule(result, "reports.overall_rating_in_band")
    assert [(r["values"]["overall_rating"], r["values"]["band_rating"], r["values"]["band_check"])
            for r in rule.failing_rows] == [("Outstanding", "Requires improvement", "outside_band")]
    _assert_only_wigan_held_back(result, rule.rule_id)


def test_overall_rating_one_point_from_an_unconfirmed_band_edge_is_a_warning():
    # 5/27 is 'Requires improvement' (Inadequate ends at 4.5/27); 'Inadequate' is the band of 4/27.
    def edit(rows):
        for code in ("1.2", "1.4"):
            _wigan(rows, "standards", standard_code=code)[0].update(rating="Requires improvement", points=1)
        _wigan(rows, "reports")[0].update(score=5, overall_rating="Inadequate")
    result = _broken(edit)
    assert _rule(result, "reports.overall_rating_in_band").passed
    warning = _rule(result, "reports.overall_rating_near_band_edge")
    assert warning.status == "warning" and [r["report_id"] for r in warning.failing_rows] == [WIGAN]
    assert result.verdict == "passed"
    status, reasons = result.report_status[WIGAN]
    assert status == "published" and reasons[0].startswith("warning reports.overall_rating_near_band_edge")


def test_missing_standard_fails_completeness():
    def edit(rows):
        rows["standards"] = [r for r in rows["standards"]
                             if not (r["report_id"] == WIGAN and r["standard_code"] == "2.4")]
        rows["key_questions"] = [r for r in rows["key_questions"]
                                 if not (r["report_id"] == WIGAN and r["standard_code"] == "2.4")]
    result = _broken(edit)
    rule = _rule(result, "standards.family_complete")
    assert [(r["report_id"], r["values"]["standard_code"], r["values"]["problem"])
            for r in rule.failing_rows] == [(WIGAN, "2.4", "standard missing")]
    _assert_only_wigan_held_back(result, rule.rule_id)


def test_wrong_number_of_key_questions_fails_completeness():
    def edit(rows):
        rows["key_questions"].remove(_wigan(rows, "key_questions", standard_code="2.5", question_no=3)[0])
    rule = _rule(_broken(edit), "standards.family_complete")
    assert [r["values"]["problem"] for r in rule.failing_rows] == ["2 key questions, expected 3"]


def test_points_must_match_rating():
    result = _broken(lambda rows: _wigan(rows, "standards", standard_code="1.2")[0].update(points=3))
    rule = _rule(result, "standards.points_match_rating")
    assert [(r["report_id"], r["values"]["rating"], r["values"]["points"]) for r in rule.failing_rows] == [
        (WIGAN, "Good", 3)]
    _assert_only_wigan_held_back(result, rule.rule_id)


def test_recommendation_numbering_gap_fails():
    result = _broken(lambda rows: _wigan(rows, "recommendations", recommendation_no=9)[0].update(
        recommendation_no=10))
    rule = _rule(result, "recommendations.numbered_1_to_n")
    assert [(r["values"]["recommendation_no"], r["values"]["expected_no"])
            for r in rule.failing_rows] == [(10, 9)]
    _assert_only_wigan_held_back(result, rule.rule_id)


def test_limiting_rule_is_a_warning():
    def edit(rows):
        _wigan(rows, "standards", standard_code="1.1")[0].update(rating="Good", points=2)
        _wigan(rows, "reports")[0].update(score=8)
    result = _broken(edit)
    rule = _rule(result, "standards.limiting_rule")
    assert rule.status == "warning"
    assert [(r["values"]["leadership_rating"], r["values"]["domain_two_inadequate"],
             r["values"]["domain_two_rated"]) for r in rule.failing_rows] == [("Good", 4, 5)]
    assert result.verdict == "passed" and result.report_status[WIGAN][0] == "published"


def test_extraction_error_holds_the_report_back():
    def edit(rows):
        rows["extraction_issues"].append({"report_id": WIGAN, "source_file": "wigan.txt", "severity": "error",
                                          "code": "score_unreadable", "message": "no Score line",
                                          "char_start": None})
    result = _broken(edit)
    _assert_only_wigan_held_back(result, "extraction_issues.no_extraction_errors")


def test_duplicate_keys_block_the_whole_snapshot():
    def edit(rows):
        rows["standards"].append(dict(_wigan(rows, "standards", standard_code="1.2")[0]))
    result = _broken(edit)
    rule = _rule(result, "standards.key_is_unique")
    assert rule.blocking and rule.status == "blocking"
    assert sorted({(r["report_id"], r["values"]["standard_code"]) for r in rule.failing_rows}) == [
        (WIGAN, "1.2")]
    assert result.verdict == "blocked"
    assert result.blocking_failures[0].startswith("standards.key_is_unique")
    assert result.published_report_ids() == []


def test_missing_column_blocks_and_fails_the_rules_that_need_it():
    con = build_warehouse()
    con.execute("ALTER TABLE key_questions DROP COLUMN yes_pct")
    result = run_quality(con)
    schema_rule = _rule(result, "key_questions.columns_match_schema")
    assert not schema_rule.passed and schema_rule.blocking
    assert "yes_pct" in " ".join(schema_rule.details)
    assert _rule(result, "key_questions.values_in_range").blocking  # GX could not evaluate it
    assert _rule(result, "standards.rating_is_band_of_lowest_key_question").errors  # its view failed
    assert result.verdict == "blocked"


def test_column_of_the_wrong_type_blocks():
    con = build_warehouse()
    con.execute("ALTER TABLE reports ALTER score TYPE VARCHAR")
    rule = _rule(run_quality(con), "reports.columns_match_schema")
    assert rule.blocking
    assert [(r["values"]["column_name"], r["values"]["actual_type"]) for r in rule.failing_rows] == [
        ("score", "VARCHAR")]


def test_row_without_report_id_cannot_be_gated_and_blocks():
    con = build_warehouse()
    con.execute("ALTER TABLE quotes ALTER report_id DROP NOT NULL")
    con.execute("INSERT INTO quotes VALUES ('orphan/quote-1', NULL, 'Services', 'orphan', 1, 2, NULL)")
    result = run_quality(con)
    assert _rule(result, "quotes.required_not_null").blocking
    assert result.verdict == "blocked"


def test_great_expectations_failing_to_import_fails_every_rule(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(__import__("sys").modules, "great_expectations", None)
    result = run_quality(build_warehouse())
    assert all(not r.passed and r.blocking for r in result.rules)
    assert "Great Expectations failed" in result.rules[0].errors[0]
    assert result.verdict == "blocked"


def test_outcomes_given_a_rating_but_marked_unrated_fails():
    """2.6 is never rated: a rating on it fails completeness, and a rating beside is_rated=false fails the
    flag rule, whichever way the row is inconsistent."""
    result = _broken(lambda rows: _wigan(rows, "standards", standard_code="2.6")[0].update(
        rating="Good", points=2, is_rated=False))
    flag = _rule(result, "standards.is_rated_matches_rating")
    assert [(r["report_id"], r["values"]["standard_code"]) for r in flag.failing_rows] == [(WIGAN, "2.6")]
    complete = _rule(result, "standards.family_complete")
    assert [r["values"]["problem"] for r in complete.failing_rows] == [
        "rated, but this standard is never rated"]
    _assert_only_wigan_held_back(result, "standards.is_rated_matches_rating")
