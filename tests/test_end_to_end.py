"""The real pipeline, end to end: `hmip run` as a subprocess on a temporary copy of raw/, then the published
Parquet read back. Expected values are typed from the two sample reports' ratings pages."""

import os
import subprocess
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests._fixtures import warm_hmip
from tests._fixtures.sample_run import published_sample_copy

# Both May 2023 reports print the same ratings page: Score 7/27, overall 'Requires improvement'.
EXPECTED_RATINGS = {
    "1.1": "Requires improvement", "1.2": "Good", "1.3": "Requires improvement", "1.4": "Good",
    "2.1": "Requires improvement", "2.2": "Inadequate", "2.3": "Inadequate", "2.4": "Inadequate",
    "2.5": "Inadequate",
}


def _hmip(*args: str, home: Path) -> subprocess.CompletedProcess:
    """`hmip` as a process of its own, forked from a warm interpreter (tests/_fixtures/warm_hmip.py)."""
    return warm_hmip.run(list(args), env={**os.environ, "DAGSTER_HOME": str(home)}, timeout=300)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    # the first run on raw/ is the suite's shared one (tests/_fixtures/sample_run.py), copied
    raw, warehouse, home, first = published_sample_copy(tmp_path_factory,
                                                        tmp_path_factory.mktemp("e2e") / "run")
    second = _hmip("run", "--raw", str(raw), "--warehouse", str(warehouse), home=home)
    forced = _hmip("run", "--raw", str(raw), "--warehouse", str(warehouse), "--force", home=home)
    return first, second, warehouse, forced


def test_first_run_publishes_a_snapshot(published):
    first, _, warehouse, _ = published
    assert first.returncode == 0, first.stdout + first.stderr
    assert "published" in first.stdout
    assert (warehouse / "latest" / "reports.parquet").is_file()


def test_published_parquet_has_both_reports_with_their_ratings(published):
    _, _, warehouse, _ = published
    reports = pq.read_table(warehouse / "latest" / "reports.parquet").to_pylist()
    got = {r["report_id"]: (r["overall_rating"], r["score"], r["score_max"]) for r in reports}
    assert got == {
        "tameside-pdu-2023-05": ("Requires improvement", 7, 27),
        "wigan-pdu-2023-05": ("Requires improvement", 7, 27),
    }
    standards = pq.read_table(warehouse / "latest" / "standards.parquet").to_pylist()
    for report_id in got:
        rated = {s["standard_code"]: s["rating"] for s in standards
                 if s["report_id"] == report_id and s["is_rated"]}
        assert rated == EXPECTED_RATINGS


def test_second_run_with_nothing_changed_publishes_nothing(published):
    _, second, warehouse, _ = published
    assert second.returncode == 0, second.stdout + second.stderr
    assert len(list((warehouse / "snapshots").iterdir())) == 1
    assert "nothing to do" in second.stdout and "unchanged since snapshot" in second.stdout, second.stdout


def test_a_forced_run_rebuilds_the_same_tables_and_publishes_nothing(published):
    *_, warehouse, forced = published
    assert forced.returncode == 0, forced.stdout + forced.stderr
    assert "identical to latest" in forced.stdout, forced.stdout
    assert len(list((warehouse / "snapshots").iterdir())) == 1
