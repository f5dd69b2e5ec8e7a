"""`hmip` across runs, as an operator uses it: a clean first run exits 0 with its Dagster run tagged
published and its report gate passed; a report held back on a later run leaves a quality report that says
why even though nothing is published, and exits 3 (partial), as does the rerun of the same inputs, which
is not run again; `hmip snapshots` / `hmip diff` show what was published. Real subprocesses on a
temporary warehouse."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests._fixtures import warm_hmip
from tests._fixtures.sample_run import published_sample_copy
from tests.outcomes import check_evaluations, dagster_runs, hmip_tags
from tests.reliability.helpers import ROOT, RUN_TIMEOUT, env_with

pytestmark = pytest.mark.slow


def _hmip(*args: str, home: Path) -> subprocess.CompletedProcess:
    """`hmip` as a process of its own, forked from a warm interpreter (tests/_fixtures/warm_hmip.py)."""
    return warm_hmip.run(list(args), env=env_with(home), timeout=RUN_TIMEOUT)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    # the first run on raw/ is the suite's shared one (tests/_fixtures/sample_run.py), copied
    raw, warehouse, home, first = published_sample_copy(tmp_path_factory,
                                                        tmp_path_factory.mktemp("cli") / "run")
    where = ["--raw", str(raw), "--warehouse", str(warehouse)]
    first_runs = dagster_runs(home)
    # Another PDU's report whose court work (2.1, 'Requires improvement') is printed as 40%: Inadequate
    wigan = (ROOT / "raw" / "wigan-pdu-2023-05.txt").read_text(encoding="utf-8")
    broken = wigan.replace("Wigan", "Wigon").replace("decision-making?\t50%", "decision-making?\t40%")
    assert broken.count("\t40%") == 1
    (raw / "wigon-pdu-2023-05.txt").write_text(broken, encoding="utf-8")
    second = _hmip("run", *where, home=home)
    third = _hmip("run", *where, home=home)
    return {"first": first, "second": second, "third": third, "warehouse": warehouse, "home": home,
            "first_runs": first_runs}


def test_a_clean_run_exits_0_tagged_published_with_its_report_gate_passed(runs):
    first, home = runs["first"], runs["home"]
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.splitlines()[-1] == ("outcome: published (exit 0): 0 report(s) held back, "
                                             "0 input file(s) rejected")
    (run,) = runs["first_runs"]
    assert hmip_tags(run) == {"hmip/outcome": "published", "hmip/exit_code": "0", "hmip/held_back": "0",
                              "hmip/rejected": "0"}
    evaluations = check_evaluations(home, run.run_id)
    gate = evaluations["snapshot.report_gate"]
    assert gate.passed and gate.metadata["held_back"].value == 0 and "kept_out" not in gate.metadata
    assert evaluations["standards.rating_is_band_of_lowest_key_question"].passed


def test_a_report_held_back_later_is_reported_though_nothing_is_published(runs):
    second, warehouse = runs["second"], runs["warehouse"]
    assert second.returncode == 3, second.stdout + second.stderr  # partial: a report held back
    assert "held_back: wigon-pdu-2023-05.txt" in second.stdout
    assert "  failed: standards.rating_is_band_of_lowest_key_question" in second.stdout.splitlines()
    assert "identical to latest" in second.stdout
    assert second.stdout.splitlines()[-1] == ("outcome: partial (exit 3): 1 report(s) held back, "
                                              "0 input file(s) rejected")
    assert len(list((warehouse / "snapshots").iterdir())) == 1
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert record["outcome"] == "unchanged" and record["summary"]["held_back"] == 1
    assert (record["exit_code"], record["held_back"], record["rejected"]) == (3, 1, 0)
    quality = json.loads((warehouse / "last_run" / "quality.json").read_text())
    status = quality["report_status"]["wigon-pdu-2023-05"]
    assert status["status"] == "held_back"
    assert any("rating_is_band_of_lowest_key_question" in r and "lowest_pct=40" in r
               for r in status["reasons"])
    page = (warehouse / "last_run" / "quality.html").read_text()
    assert "<code>wigon-pdu-2023-05</code>" in page and "wigon-pdu-2023-05.txt" in page


def test_the_same_inputs_are_not_run_again_and_still_exit_partial(runs):
    third = runs["third"]
    assert third.returncode == 3, third.stdout + third.stderr  # the report is still held back
    assert "nothing to do" in third.stdout and "the last run" in third.stdout
    assert "still partial (exit 3): 1 report(s) held back, 0 input file(s) rejected" in third.stdout
    assert len(dagster_runs(runs["home"])) == 2  # no third Dagster run


def test_snapshots_and_diff_commands(runs, tmp_path):
    home, warehouse = runs["home"], runs["warehouse"]
    listed = _hmip("snapshots", "--warehouse", str(warehouse), home=home)
    assert listed.returncode == 0
    (row,) = [line for line in listed.stdout.splitlines() if line[:4].isdigit()]
    version, *_, verdict = row.split()
    assert verdict == "passed" and " 2 " in f" {row} "  # two reports
    same = _hmip("diff", version, version, "--warehouse", str(warehouse), home=home)
    assert same.returncode == 0 and version in same.stdout
    missing = _hmip("diff", version, "1999-01-01.1", "--warehouse", str(warehouse), home=home)
    assert missing.returncode == 2 and "no snapshot 1999-01-01.1" in missing.stderr


def test_keep_must_keep_one(runs):
    bad = _hmip("run", "--raw", str(ROOT / "raw"), "--warehouse", str(runs["warehouse"]), "--keep", "0",
                home=runs["home"])
    assert bad.returncode == 2 and "--keep" in bad.stderr


def test_a_malformed_suite_is_a_configuration_error_before_any_run(tmp_path, monkeypatch, capsys):
    """Through main(), as `hmip run` calls it: exit 2, one line per problem on stderr, recorded in
    last_run/ (the previous quality report removed), no Dagster run (none is possible: the suites that
    define its checks cannot be read)."""
    from pipelines.cli import main
    from pipelines.quality import suite_files

    expectations = tmp_path / "expectations"
    shutil.copytree(suite_files.EXPECTATIONS_DIR, expectations)
    suite = json.loads((expectations / "reports.json").read_text())
    suite["meta"]["rules"]["score_is_sum_of_points"]["level"] = "report"
    (expectations / "reports.json").write_text(json.dumps(suite))
    (expectations / "quotes.json").write_text("[]")
    monkeypatch.setattr(suite_files, "EXPECTATIONS_DIR", expectations)
    monkeypatch.chdir(tmp_path)
    warehouse = tmp_path / "warehouse"
    (warehouse / "last_run").mkdir(parents=True)
    for stale in ("quality.json", "quality.html", "run.json"):  # what an earlier run left
        (warehouse / "last_run" / stale).write_text("{}")

    code = main(["run", "--raw", str(ROOT / "raw"), "--warehouse", str(warehouse)])

    assert code == 2
    problems = [
        'expectations/reports.json: meta.rules.score_is_sum_of_points: level: "report" is not one of row, '
        "table",
        "expectations/quotes.json: is not a suite: expected an object with name, meta and expectations",
    ]
    err = capsys.readouterr()
    assert err.out == ""
    assert err.err.splitlines() == [
        "hmip run: configuration error (2 problem(s)); no run started, latest left as it was:", *problems]
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert (record["outcome"], record["exit_code"], record["errors"], record["run_id"]) == (
        "config_error", 2, problems, None)
    assert sorted(p.name for p in (warehouse / "last_run").iterdir()) == ["run.json"]


@pytest.mark.parametrize(("variable", "value", "start", "end"), [
    ("HMIP_DUCKDB_MEMORY_LIMIT", "half", "HMIP_DUCKDB_MEMORY_LIMIT: 'half' is not a memory size",
     "write e.g. 256MB or 2GB, or leave it empty for DuckDB's default"),
    ("HMIP_DUCKDB_THREADS", "many", "HMIP_DUCKDB_THREADS: 'many' is not a number of threads",
     "e.g. 4, or leave it empty for DuckDB's default (one a core)"),
])
def test_a_bad_duckdb_setting_is_a_configuration_error_before_any_run(tmp_path, monkeypatch, capsys,
                                                                      variable, value, start, end):
    """DuckDB's settings are configuration too: exit 2 with one line saying what to write, no run."""
    from pipelines.cli import main

    monkeypatch.setenv(variable, value)
    warehouse = tmp_path / "warehouse"

    code = main(["run", "--raw", str(ROOT / "raw"), "--warehouse", str(warehouse)])

    assert code == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == "hmip run: configuration error (1 problem(s)); no run started, latest left as it was:"
    assert len(lines) == 2 and lines[1].startswith(start)
    assert lines[1].endswith(end)
    assert not (warehouse / "warehouse.duckdb").exists()
