"""`hmip` across runs, as an operator uses it: a report held back on a later run leaves a quality report
that says why even though nothing is published, the same inputs are then not run again, and
`hmip snapshots` / `hmip diff` show what was published. Real subprocesses on a temporary warehouse."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests._fixtures.sample_run import published_sample_copy
from tests.reliability.helpers import HMIP, ROOT, RUN_TIMEOUT, env_with

pytestmark = pytest.mark.slow


def _hmip(*args: str, home: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*HMIP, *args], cwd=ROOT, env=env_with(home), capture_output=True, text=True,
                          timeout=RUN_TIMEOUT)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    # the first run on raw/ is the suite's shared one (tests/_fixtures/sample_run.py), copied
    raw, warehouse, home, first = published_sample_copy(tmp_path_factory,
                                                        tmp_path_factory.mktemp("cli") / "run")
    where = ["--raw", str(raw), "--warehouse", str(warehouse)]
    # Another PDU's report whose court work (2.1, 'Requires improvement') is printed as 40%: Inadequate
    wigan = (ROOT / "raw" / "wigan-pdu-2023-05.txt").read_text(encoding="utf-8")
    broken = wigan.replace("Wigan", "Wigon").replace("decision-making?\t50%", "decision-making?\t40%")
    assert broken.count("\t40%") == 1
    (raw / "wigon-pdu-2023-05.txt").write_text(broken, encoding="utf-8")
    second = _hmip("run", *where, home=home)
    third = _hmip("run", *where, home=home)
    return {"first": first, "second": second, "third": third, "warehouse": warehouse, "home": home}


def test_a_report_held_back_later_is_reported_though_nothing_is_published(runs):
    second, warehouse = runs["second"], runs["warehouse"]
    assert runs["first"].returncode == 0 and second.returncode == 0, second.stdout + second.stderr
    assert "held_back: wigon-pdu-2023-05.txt" in second.stdout
    assert "identical to latest" in second.stdout
    assert len(list((warehouse / "snapshots").iterdir())) == 1
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert record["outcome"] == "unchanged" and record["summary"]["held_back"] == 1
    quality = json.loads((warehouse / "last_run" / "quality.json").read_text())
    status = quality["report_status"]["wigon-pdu-2023-05"]
    assert status["status"] == "held_back"
    assert any("rating_is_band_of_lowest_key_question" in r and "lowest_pct=40" in r
               for r in status["reasons"])
    page = (warehouse / "last_run" / "quality.html").read_text()
    assert "<code>wigon-pdu-2023-05</code>" in page and "wigon-pdu-2023-05.txt" in page


def test_the_same_inputs_are_not_run_again(runs):
    third = runs["third"]
    assert third.returncode == 0
    assert "nothing to do" in third.stdout and "the last run" in third.stdout


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
