"""Version ids sort by time; retention keeps the newest N and never deletes latest's target."""

import datetime as dt
import os

import pytest

from pipelines.publish import list_snapshots
from pipelines.publish.retention import expired_versions, prune_snapshots
from pipelines.warehouse.layout import switch_latest
from pipelines.warehouse.versions import next_version, parse_version, sort_versions

from .builders import NORTH, SOUTH, publish

DAY = dt.date(2026, 11, 22)


def test_version_ids_are_date_and_sequence_and_sort_by_time():
    assert next_version([], DAY) == "2026-11-22.1"
    assert next_version(["2026-11-22.1"], DAY) == "2026-11-22.2"
    assert next_version(["2026-11-21.4"], DAY) == "2026-11-22.1"
    assert next_version([f"2026-11-22.{n}" for n in range(1, 10)], DAY) == "2026-11-22.10"
    assert sort_versions(["2026-11-22.10", "2026-11-22.9", "2025-12-31.3", "notes"]) == [
        "2025-12-31.3", "2026-11-22.9", "2026-11-22.10"]
    assert parse_version("2026-11-22.12") == (DAY, 12)
    with pytest.raises(ValueError):
        parse_version("2026-11-22")


def test_a_clock_set_back_still_gives_an_id_after_the_newest():
    assert next_version(["2026-11-23.2"], DAY) == "2026-11-23.3"


def test_expired_versions_skip_the_protected_one():
    versions = ["2026-01-01.1", "2026-01-02.1", "2026-01-03.1", "2026-01-04.1"]
    assert expired_versions(versions, 2, None) == ["2026-01-01.1", "2026-01-02.1"]
    assert expired_versions(versions, 2, "2026-01-01.1") == ["2026-01-02.1"]
    assert expired_versions(versions, 30, None) == []
    with pytest.raises(ValueError):
        expired_versions(versions, 0, None)


def _publish_alternating(con, folder, times, retention):
    results = []
    for i in range(times):
        ids = {NORTH, SOUTH} if i % 2 == 0 else {NORTH}
        results.append(publish(con, folder, report_ids=ids, retention=retention))
    return results


def test_retention_keeps_the_newest_n(warehouse):
    folder, con = warehouse
    results = _publish_alternating(con, folder, 5, retention=2)
    assert all(r.published for r in results)
    assert [s["version"] for s in list_snapshots(folder)] == ["2026-11-22.4", "2026-11-22.5"]
    assert results[-1].pruned == ["2026-11-22.3"]
    assert os.readlink(folder / "latest") == "snapshots/2026-11-22.5"
    assert not [p for p in folder.iterdir() if p.name.startswith(".tmp-")]


def test_retention_never_deletes_the_snapshot_latest_points_to(warehouse):
    folder, con = warehouse
    _publish_alternating(con, folder, 3, retention=30)
    switch_latest(folder, "2026-11-22.1")  # an operator rolled latest back
    assert prune_snapshots(folder, keep=1) == ["2026-11-22.2"]
    assert [s["version"] for s in list_snapshots(folder)] == ["2026-11-22.1", "2026-11-22.3"]
    assert (folder / "latest" / "reports.parquet").is_file()


def test_list_snapshots_reports_versions_counts_and_verdict(warehouse):
    folder, con = warehouse
    _publish_alternating(con, folder, 2, retention=30)
    listed = list_snapshots(folder)
    assert [(s["version"], s["reports"], s["rows"], s["verdict"], s["is_latest"]) for s in listed] == [
        ("2026-11-22.1", 2, 28, "partial", False),  # with 2 bodies and 2 rating_history rows
        ("2026-11-22.2", 1, 15, "partial", True),
    ]
    assert listed[0]["created"].endswith("Z")
