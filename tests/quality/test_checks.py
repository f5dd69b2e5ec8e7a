"""The Dagster wiring: one blocking check per (table, rule), named by the rule on the table's asset; row
failures WARN with their rows as a table, table failures ERROR; the full result is saved for the snapshot
under the run id; GX failing to import fails every check; the report gate fails, with ERROR severity and
the files kept out as a table, whenever a run held something back."""

from __future__ import annotations

import html
import re
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from markdown_it import MarkdownIt

from pipelines.defs.checks import CHECK_SPECS, KEY_IS_UNIQUE, quality_checks, report_gate_result
from pipelines.defs.resources import WarehouseResource
from pipelines.quality import load_quality
from pipelines.runs.status import RunStatus
from pipelines.schema import TABLES
from tests.outcomes import table_rows
from tests.quality.fixtures import TAMESIDE, WIGAN, build_warehouse, rows_of


@dg.multi_asset(specs=[dg.AssetSpec(t.name) for t in TABLES])
def _tables():
    for t in TABLES:
        yield dg.MaterializeResult(asset_key=t.name)


def _run(tmp_path: Path, rows=None) -> tuple[dg.ExecuteInProcessResult, WarehouseResource]:
    warehouse = WarehouseResource(path=str(tmp_path / "warehouse"))
    con = warehouse.connect()
    build_warehouse(con=con, edit=rows)
    con.close()
    result = dg.materialize([_tables, quality_checks], resources={"warehouse": warehouse},
                            raise_on_error=False)
    return result, warehouse


def _evaluations(result: dg.ExecuteInProcessResult) -> dict[tuple[str, str], dg.AssetCheckEvaluation]:
    return {(e.asset_key.to_user_string(), e.check_name): e for e in result.get_asset_check_evaluations()}


def test_every_check_is_blocking_and_named_by_table_and_rule():
    assert all(spec.blocking for spec in CHECK_SPECS)
    keys = {(s.asset_key.to_user_string(), s.name) for s in CHECK_SPECS}
    assert {(t.name, KEY_IS_UNIQUE) for t in TABLES} <= keys
    assert ("standards", "rating_is_band_of_lowest_key_question") in keys
    assert len(keys) == len(CHECK_SPECS)


def test_row_failure_warns_with_failing_rows_and_saves_the_result(tmp_path: Path):
    rows = rows_of(WIGAN, TAMESIDE)
    next(r for r in rows["reports"] if r["report_id"] == WIGAN)["score"] = 8
    result, warehouse = _run(tmp_path, rows)
    evaluations = _evaluations(result)
    assert len(evaluations) == len(CHECK_SPECS)
    failed = {k: e for k, e in evaluations.items() if not e.passed}
    assert list(failed) == [("reports", "score_is_sum_of_points")]
    check = failed[("reports", "score_is_sum_of_points")]
    assert check.severity == dg.AssetCheckSeverity.WARN
    assert check.metadata["failing_reports"].value == [WIGAN]
    assert check.metadata["rule"].value == "reports.score_is_sum_of_points"
    (row,) = table_rows(check.metadata["failing_rows"].value)
    assert (row["report_id"], row["accepted"]) == (WIGAN, False)
    assert "score=8" in row["values"]
    with duckdb.connect(str(warehouse.db_path)) as con:
        saved = load_quality(con, result.run_id)
    assert saved.report_status[WIGAN][0] == "held_back"
    assert saved.report_status[TAMESIDE][0] == "published"


def test_duplicate_keys_fail_with_error_severity(tmp_path: Path):
    rows = rows_of(WIGAN, TAMESIDE)
    rows["reports"].append(dict(rows["reports"][0]))
    check = _evaluations(_run(tmp_path, rows)[0])[("reports", KEY_IS_UNIQUE)]
    assert not check.passed and check.severity == dg.AssetCheckSeverity.ERROR


def test_great_expectations_import_error_fails_every_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(__import__("sys").modules, "great_expectations", None)
    evaluations = _evaluations(_run(tmp_path)[0])
    assert len(evaluations) == len(CHECK_SPECS)
    assert all(not e.passed and e.severity == dg.AssetCheckSeverity.ERROR for e in evaluations.values())


def test_the_report_gate_passes_only_when_nothing_was_kept_out():
    clean = report_gate_result(RunStatus("published"), [], "2026-12-01.1", [])
    assert clean.passed and clean.metadata["outcome"].value == "published"
    row = {"file": "junk.txt", "report_id": "", "status": "error", "reason": "no inspection report found"}
    partial = report_gate_result(RunStatus("unchanged", held_back=0, rejected=1), [row], "2026-12-01.1", [])
    assert not partial.passed and partial.severity == dg.AssetCheckSeverity.ERROR
    assert partial.description == "partial (exit 3): 0 report(s) held back, 1 input file(s) rejected"
    assert table_rows(partial.metadata["kept_out"].value) == [row]
    assert (partial.metadata["exit_code"].value, partial.metadata["rejected"].value) == (3, 1)
    nothing = report_gate_result(RunStatus("nothing_passed", held_back=2), [], None, [])
    assert not nothing.passed and nothing.metadata["exit_code"].value == 1


def test_a_malformed_exceptions_file_met_inside_a_run_fails_every_check_and_is_recorded(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A run launched from the UI or the sensor after a reviewer broke the file (`hmip run` refuses
    earlier): no check passes, each says why, and last_run/ records the configuration error."""
    import json
    import shutil

    from pipelines.defs import checks
    from pipelines.quality import EXPECTATIONS_DIR

    broken = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, broken)
    (broken / "accepted_exceptions.json").write_text('{"exceptions": [{"report_id": "x"}]}')
    monkeypatch.setattr(checks, "EXPECTATIONS_DIR", broken)
    result, warehouse = _run(tmp_path)
    evaluations = _evaluations(result)
    assert len(evaluations) == len(CHECK_SPECS)
    assert all(not e.passed and e.severity == dg.AssetCheckSeverity.ERROR for e in evaluations.values())
    error = evaluations[("reports", KEY_IS_UNIQUE)].metadata["error"].value
    assert error.startswith("configuration error: ")
    assert "exceptions[0] (report x): rule: missing" in error
    record = json.loads((warehouse.root / "last_run" / "run.json").read_text())
    assert (record["outcome"], record["exit_code"], record["run_id"]) == ("config_error", 2, result.run_id)
    assert len(record["errors"]) == 4  # rule, reason, accepted_by, accepted_on: each missing


def test_hmip_runs_runner_tells_a_configuration_error_met_inside_the_run_one_problem_a_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The file broken after `hmip run` checked it: the run's own summary lists each problem on its line,
    as last_run/run.json records them, and exits 2."""
    import json
    import shutil

    from pipelines.defs import checks
    from pipelines.defs.runner import run_pipeline
    from pipelines.quality import EXPECTATIONS_DIR
    from tests.reliability.helpers import SAMPLES

    broken = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, broken)
    (broken / "accepted_exceptions.json").write_text('{"exceptions": [{"report_id": "x"}]}')
    monkeypatch.setattr(checks, "EXPECTATIONS_DIR", broken)
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(SAMPLES / "wigan-pdu-2023-05.txt", raw)
    summary = run_pipeline(raw, tmp_path / "warehouse")
    record = json.loads((tmp_path / "warehouse" / "last_run" / "run.json").read_text())
    lines = summary.render().splitlines()
    assert summary.exit_code == 2 and len(record["errors"]) == 4
    assert lines == [lines[0], *record["errors"], "outcome: config_error (exit 2)"]
    assert lines[0].startswith("configuration error (4 problem(s))")
    assert any("exceptions[0] (report x): accepted_on: missing; every exception has" in line
               for line in lines)


def test_a_malformed_suite_leaves_the_checks_declared_and_a_run_names_each_problem(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Under `dagster dev` a reviewer's broken suite must not take the code location down with a
    traceback: the schema's rules are still declared, and a run fails every check listing each problem."""
    import json
    import shutil

    from pipelines.defs import checks
    from pipelines.quality import EXPECTATIONS_DIR

    broken = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, broken)
    suite = json.loads((broken / "standards.json").read_text())
    suite["meta"]["rules"]["limiting_rule"]["severity"] = "fatal"
    (broken / "standards.json").write_text(json.dumps(suite))
    expected = (f'{broken / "standards.json"}: meta.rules.limiting_rule: severity: "fatal" is not one of '
                "error, warning")

    rules, problems = checks.rules_for_specs(broken)
    assert problems == [expected]
    assert {r.table for r in rules} == {t.name for t in TABLES}
    assert "limiting_rule" not in {r.name for r in rules}  # the schema's own rules only
    assert checks.rules_for_specs(EXPECTATIONS_DIR)[1] == []

    monkeypatch.setattr(checks, "EXPECTATIONS_DIR", broken)
    result, _ = _run(tmp_path)
    evaluations = _evaluations(result)
    assert evaluations and all(not e.passed for e in evaluations.values())
    listed = evaluations[("reports", KEY_IS_UNIQUE)].metadata["problems"].value
    shown = MarkdownIt("commonmark").render(listed)  # as the UI shows it: one list item per problem
    assert shown.count("<li>") == 1
    assert html.unescape(re.sub(r"<[^>]+>", "", shown)).strip() == expected
