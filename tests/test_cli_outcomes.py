"""The exit codes of `hmip run` as a contract automation reads, through the real CLI in subprocesses on a
copy of the project (so its expectations/ can be edited): 3 when a snapshot is published with a report
held back and an input file rejected (with a warning for an accepted exception that matched nothing, the
Dagster run tagged partial and its `report_gate` check failed with the files as a table), 3 again for
the unchanged rerun, 2 for a malformed accepted_exceptions.json (one line per problem, before any Dagster
run, recorded in last_run/ with the stale quality report removed) and 1 when every report is held back.
Expected lines and counts are typed by hand from the inputs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.outcomes import check_evaluations, dagster_runs, hmip_tags, table_rows
from tests.reliability.helpers import RUN_TIMEOUT, SAMPLES, dagster_home, env_with, project_copy

pytestmark = pytest.mark.slow

BAND_RULE = "standards.rating_is_band_of_lowest_key_question"
STALE = {"report_id": "tameside-pdu-2023-05", "rule": BAND_RULE, "where": {"standard_code": "2.4"},
         "reason": "Accepted before the report was corrected", "accepted_by": "A Reviewer",
         "accepted_on": "2024-06-01"}
JUNK_REASON = ("no inspection report found: no cover title, inspected body, publication month, score or "
               "ratings")


def _broken_wigan(raw: Path) -> None:
    """Another PDU's report whose court work (2.1, 'Requires improvement') is printed as 40%: Inadequate."""
    wigan = (SAMPLES / "wigan-pdu-2023-05.txt").read_text(encoding="utf-8")
    broken = wigan.replace("Wigan", "Wigon").replace("decision-making?\t50%", "decision-making?\t40%")
    assert broken.count("\t40%") == 1
    raw.mkdir(parents=True, exist_ok=True)
    (raw / "wigon-pdu-2023-05.txt").write_text(broken, encoding="utf-8")


def _exceptions(project: Path, *entries: dict) -> None:
    path = project / "expectations" / "accepted_exceptions.json"
    path.write_text(json.dumps({"exceptions": list(entries)}))


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("outcomes")
    project, home = project_copy(base), dagster_home(base)
    raw, warehouse = base / "raw", base / "warehouse"
    env = {**env_with(home), "PYTHONPATH": str(project)}

    def hmip(raw: Path, warehouse: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "pipelines.cli", "run", "--raw", str(raw), "--warehouse",
                               str(warehouse)], cwd=project, env=env, capture_output=True, text=True,
                              timeout=RUN_TIMEOUT)

    shutil.copytree(SAMPLES, raw)
    _broken_wigan(raw)
    (raw / "notes.txt").write_text("Minutes of the team meeting.\n", encoding="utf-8")  # not a report
    _exceptions(project, STALE)
    out = {"partial": hmip(raw, warehouse)}
    out["partial_runs"] = dagster_runs(home)
    out["partial_record"] = json.loads((warehouse / "last_run" / "run.json").read_text())
    out["rerun"] = hmip(raw, warehouse)
    _exceptions(project, {**STALE, "accepted_on": "yesterday"},
                {**STALE, "rule": "standards:rating_is_band_of_lowest_key_question"})
    out["config"] = hmip(raw, warehouse)
    out["config_runs"] = dagster_runs(home)
    out["config_last_run"] = sorted(p.name for p in (warehouse / "last_run").iterdir())
    _exceptions(project)
    _broken_wigan(base / "raw_only_broken")
    out["nothing"] = hmip(base / "raw_only_broken", base / "warehouse_2")
    return {**out, "home": home, "warehouse": warehouse, "warehouse_2": base / "warehouse_2"}


def test_published_with_a_report_held_back_and_a_file_rejected_exits_3(runs):
    run = runs["partial"]
    assert run.returncode == 3, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert f"  error: notes.txt: {JUNK_REASON}" in lines
    assert any(line.startswith(f"  held_back: wigon-pdu-2023-05.txt: {BAND_RULE}: ") for line in lines)
    assert f"  failed: {BAND_RULE}" in lines
    assert lines[-1] == "outcome: partial (exit 3): 1 report(s) held back, 1 input file(s) rejected"
    record = runs["partial_record"]
    assert (record["outcome"], record["exit_code"], record["held_back"], record["rejected"]) == (
        "published", 3, 1, 1)


def test_an_accepted_exception_that_matches_nothing_is_a_warning_line(runs):
    lines = runs["partial"].stdout.splitlines()
    assert (f"warning: accepted exception matches no failure: {BAND_RULE} for report tameside-pdu-2023-05 "
            'where {"standard_code": "2.4"} (accepted_exceptions.json, accepted by A Reviewer on '
            "2024-06-01); remove it if the failure it accepted is gone") in lines


def test_the_partial_dagster_run_is_tagged_and_its_report_gate_fails_with_a_table(runs):
    (run,) = runs["partial_runs"]
    assert hmip_tags(run) == {"hmip/outcome": "partial", "hmip/exit_code": "3", "hmip/held_back": "1",
                              "hmip/rejected": "1"}
    evaluations = check_evaluations(runs["home"], run.run_id)
    gate = evaluations["snapshot.report_gate"]
    assert not gate.passed and gate.severity.value == "ERROR"
    assert gate.description == "partial (exit 3): 1 report(s) held back, 1 input file(s) rejected"
    rows = table_rows(gate.metadata["kept_out"].value)
    assert [(r["file"], r["report_id"], r["status"]) for r in rows] == [
        ("notes.txt", "", "error"), ("wigon-pdu-2023-05.txt", "wigon-pdu-2023-05", "held_back")]
    assert rows[0]["reason"] == JUNK_REASON and rows[1]["reason"].startswith(f"{BAND_RULE}: ")
    rule = evaluations[BAND_RULE]  # the check `<rule>` on the asset `<table>`
    assert not rule.passed and rule.metadata["rule"].value == BAND_RULE
    (failing,) = table_rows(rule.metadata["failing_rows"].value)
    assert (failing["report_id"], failing["accepted"]) == ("wigon-pdu-2023-05", False)
    assert "lowest_pct=40.0" in failing["values"] and "band_rating=Inadequate" in failing["values"]


def test_the_unchanged_rerun_still_exits_3(runs):
    rerun = runs["rerun"]
    assert rerun.returncode == 3, rerun.stdout + rerun.stderr
    assert rerun.stdout.startswith("nothing to do: ")
    assert rerun.stdout.splitlines()[-1] == (
        "still partial (exit 3): 1 report(s) held back, 1 input file(s) rejected")


def test_a_malformed_exceptions_file_exits_2_one_line_each_before_any_run(runs):
    config, warehouse = runs["config"], runs["warehouse"]
    assert config.returncode == 2, config.stdout + config.stderr
    file, entry = "expectations/accepted_exceptions.json", "(report tameside-pdu-2023-05)"
    problems = [
        f'{file}: exceptions[0] {entry}: accepted_on: "yesterday" is not a date; write it as YYYY-MM-DD, '
        "e.g. 2024-06-01",
        f'{file}: exceptions[1] {entry}: rule: "standards:rating_is_band_of_lowest_key_question" uses the '
        f'old colon form; write it table.rule: "{BAND_RULE}"',
    ]
    assert config.stderr.splitlines() == [
        "hmip run: configuration error (2 problem(s)); no run started, latest left as it was:", *problems]
    assert config.stdout == "" and "Traceback" not in config.stderr
    assert len(runs["config_runs"]) == len(runs["partial_runs"])  # no Dagster run started
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert (record["outcome"], record["exit_code"], record["errors"]) == ("config_error", 2, problems)
    assert runs["config_last_run"] == ["run.json"]  # the previous run's quality report is gone
    assert (warehouse / "latest" / "reports.parquet").is_file()


def test_every_report_held_back_exits_1(runs):
    nothing = runs["nothing"]
    assert nothing.returncode == 1, nothing.stdout + nothing.stderr
    assert nothing.stdout.splitlines()[-1] == (
        "outcome: nothing_passed (exit 1): 1 report(s) held back, 0 input file(s) rejected")
    assert not (runs["warehouse_2"] / "latest").exists()
    newest = dagster_runs(runs["home"])[0]
    assert hmip_tags(newest)["hmip/outcome"] == "nothing_passed"
    gate = check_evaluations(runs["home"], newest.run_id)["snapshot.report_gate"]
    assert not gate.passed
