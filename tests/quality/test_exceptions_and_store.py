"""Accepted exceptions publish a failing report and show as accepted; results survive save and load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from pipelines.quality import (
    EXPECTATIONS_DIR,
    QualityNotFound,
    QualityResult,
    load_quality,
    run_quality,
    save_quality,
)
from pipelines.quality.config import ConfigError
from pipelines.quality.exceptions import parse_exceptions
from tests.quality.fixtures import TAMESIDE, WIGAN, build_warehouse, rows_of

BAND_RULE = "standards.rating_is_band_of_lowest_key_question"


def _good_planning_with_lowest_40() -> duckdb.DuckDBPyConnection:
    rows = rows_of(WIGAN, TAMESIDE)
    for r in rows["standards"]:
        if r["report_id"] == WIGAN and r["standard_code"] == "2.3":
            r.update(rating="Good", points=2)
    for r in rows["key_questions"]:
        if r["report_id"] == WIGAN and r["standard_code"] == "2.3" and r["question_no"] == 3:
            r["yes_pct"] = 40.0
    next(r for r in rows["reports"] if r["report_id"] == WIGAN)["score"] = 9
    return build_warehouse(edit=rows)


def _suites_with(tmp_path: Path, exceptions: list[dict]) -> Path:
    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, folder)
    (folder / "accepted_exceptions.json").write_text(json.dumps({"exceptions": exceptions}))
    return folder


ACCEPTED = {"report_id": WIGAN, "rule": BAND_RULE, "where": {"standard_code": "2.3"},
            "reason": "Inspector's override, explained on page 20", "accepted_by": "A Reviewer",
            "accepted_on": "2024-06-01"}


def test_accepted_exception_publishes_and_shows_as_accepted(tmp_path: Path):
    result = run_quality(_good_planning_with_lowest_40(), _suites_with(tmp_path, [ACCEPTED]))
    rule = next(r for r in result.rules if r.rule_id == BAND_RULE)
    assert rule.passed and rule.status == "accepted"
    assert rule.accepted == [ACCEPTED]
    assert [row["accepted"] for row in rule.failing_rows] == [True]
    status, reasons = result.report_status[WIGAN]
    assert status == "published"
    assert reasons[0].startswith(f"accepted exception {BAND_RULE}")
    assert result.verdict == "passed" and result.unused_exceptions == []


def test_exception_for_another_standard_does_not_accept_the_failure(tmp_path: Path):
    other = {**ACCEPTED, "where": {"standard_code": "2.2"}}
    result = run_quality(_good_planning_with_lowest_40(), _suites_with(tmp_path, [other]))
    assert result.report_status[WIGAN][0] == "held_back"
    assert result.unused_exceptions == [other]


def test_malformed_exceptions_file_raises_one_line_per_problem():
    with pytest.raises(ConfigError) as empty_reason:
        parse_exceptions({"exceptions": [{**ACCEPTED, "reason": ""}]})
    assert empty_reason.value.lines == [
        f'accepted_exceptions.json: exceptions[0] (report {WIGAN}): reason: "" is not a non-empty string']
    with pytest.raises(ConfigError) as bad_date:
        parse_exceptions({"exceptions": [ACCEPTED, {**ACCEPTED, "accepted_on": "1 June 2024"}]})
    assert bad_date.value.lines == [
        f'accepted_exceptions.json: exceptions[1] (report {WIGAN}): accepted_on: "1 June 2024" is not a '
        "date; write it as YYYY-MM-DD, e.g. 2024-06-01"]


def test_result_round_trips_through_the_warehouse():
    con = _good_planning_with_lowest_40()
    result = run_quality(con)
    save_quality(con, "run-1", result)
    save_quality(con, "run-1", result)  # saving again replaces, never duplicates
    loaded = load_quality(con, "run-1")
    assert loaded.to_dict() == result.to_dict()
    assert loaded.report_status[WIGAN][0] == "held_back"
    assert con.execute("SELECT count(*) FROM staging.quality_runs").fetchone() == (1,)
    assert json.dumps(result.to_dict(), sort_keys=True) == json.dumps(
        QualityResult.from_dict(json.loads(json.dumps(result.to_dict()))).to_dict(), sort_keys=True)


def test_loading_a_run_that_was_never_checked_raises():
    con = build_warehouse()
    with pytest.raises(QualityNotFound):
        load_quality(con, "never-checked")
    save_quality(con, "other-run", run_quality(con))
    with pytest.raises(QualityNotFound):
        load_quality(con, "never-checked")
