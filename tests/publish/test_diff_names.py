"""`hmip diff` as an operator types it: versions, `latest` and `previous` (the newest version before
latest), both optional (previous to latest), arguments documented in --help, and a name that is no
snapshot refused with exit 2. Through the real CLI on three snapshots published from hand-written rows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.publish.diff import UnknownSnapshot, snapshot_folder
from tests._fixtures import warm_hmip

from .builders import NORTH, SOUTH, load, make_warehouse, publish, sample_rows

ROOT = Path(__file__).resolve().parents[2]
V1, V2, V3 = "2026-11-22.1", "2026-11-22.2", "2026-11-22.3"


def _rows(south_pct: float = 82.25, north_pct: float = 45.0):
    rows = sample_rows()
    for kq in rows["key_questions"]:
        if kq["report_id"] == SOUTH and kq["question_no"] == 2:
            kq["yes_pct"] = south_pct
        if kq["report_id"] == NORTH and kq["question_no"] == 1:
            kq["yes_pct"] = north_pct
    return rows


@pytest.fixture
def three(tmp_path: Path) -> Path:
    """V1 the sample rows; V2 Southvale's second key question 82.25 -> 58.5; V3 Northtown's first
    45 -> 47.5."""
    folder = tmp_path / "warehouse"
    con = make_warehouse(folder, _rows())
    try:
        publish(con, folder)
        load(con, _rows(south_pct=58.5))
        publish(con, folder)
        load(con, _rows(south_pct=58.5, north_pct=47.5))
        assert publish(con, folder).version == V3
    finally:
        con.close()
    return folder


def _diff(warehouse: Path, *names: str) -> subprocess.CompletedProcess:
    return warm_hmip.run(["diff", *names, "--warehouse", str(warehouse)], env=dict(os.environ), timeout=120)


def test_diff_with_no_argument_compares_previous_with_latest(three):
    out = _diff(three)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith(f"# Changes in `{V3}` since `{V2}`")
    assert "`yes_pct` 45.0 -> 47.5" in out.stdout
    assert "58.5" not in out.stdout  # V1 -> V2's change is not in V2 -> V3


def test_diff_takes_latest_previous_and_versions(three):
    named = _diff(three, "previous", "latest")
    assert named.returncode == 0, named.stderr
    assert named.stdout == _diff(three, V2, V3).stdout
    from_first = _diff(three, V1, "latest")
    assert from_first.stdout.startswith(f"# Changes in `{V3}` since `{V1}`")
    assert "`yes_pct` 82.25 -> 58.5" in from_first.stdout and "`yes_pct` 45.0 -> 47.5" in from_first.stdout
    backwards = _diff(three, "latest", "previous")
    assert backwards.stdout.startswith(f"# Changes in `{V2}` since `{V3}`")
    assert "`yes_pct` 47.5 -> 45.0" in backwards.stdout


def test_previous_skips_a_snapshot_that_retention_removed(three):
    shutil.rmtree(three / "snapshots" / V2)
    assert snapshot_folder(three, "previous") == three / "snapshots" / V1
    out = _diff(three)
    assert out.stdout.startswith(f"# Changes in `{V3}` since `{V1}`")


def test_a_name_that_is_no_snapshot_exits_2_naming_what_there_is(three):
    out = _diff(three, "2026-01-01.1", "latest")
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.strip() == (f"hmip diff: no snapshot 2026-01-01.1 in {three / 'snapshots'} "
                                  f"(newest versions: {V1}, {V2}, {V3}; or latest, previous)")
    assert _diff(three, "../warehouse", "latest").returncode == 2  # only a version names a folder


def test_previous_of_the_first_snapshot_and_of_an_empty_warehouse_are_refused(tmp_path):
    folder = tmp_path / "warehouse"
    con = make_warehouse(folder)
    try:
        with pytest.raises(UnknownSnapshot, match="nothing has been published yet"):
            snapshot_folder(folder, "latest")
        publish(con, folder)
    finally:
        con.close()
    out = _diff(folder)
    assert out.returncode == 2
    assert out.stderr.strip() == (f"hmip diff: no snapshot before latest ({V1}) in {folder / 'snapshots'}: "
                                  "it is the first one")


def test_help_documents_both_arguments_and_the_names():
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "diff", "--help"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0
    text = " ".join(out.stdout.split())
    assert text.startswith("usage: hmip diff [-h] [--warehouse WAREHOUSE] [A] [B]")
    assert "A the snapshot to compare from: a version, latest or previous (default: previous)" in text
    assert "B the snapshot to compare to: a version, latest or previous (default: latest)" in text
    assert "`previous` (the newest version before latest)" in text
