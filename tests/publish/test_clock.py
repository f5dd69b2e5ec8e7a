"""Versions stay truthful when the system clock is wrong: a faked clock set back between two publishes."""

import datetime as dt
import json

from pipelines.publish import list_snapshots

from .builders import NORTH, SOUTH, publish


def _clock(text: str):
    return lambda: dt.datetime.fromisoformat(text)


def _manifest(folder, version):
    return json.loads((folder / "snapshots" / version / "datapackage.json").read_text())


def test_a_clock_set_back_keeps_version_order_and_created_and_says_so(warehouse):
    folder, con = warehouse
    first = publish(con, folder, report_ids={NORTH, SOUTH}, today=None,
                    clock=_clock("2026-11-23T10:00:00+00:00"))
    back = publish(con, folder, report_ids={NORTH}, today=None, clock=_clock("2026-11-20T08:30:00+00:00"))
    sane = publish(con, folder, report_ids={SOUTH}, today=None, clock=_clock("2026-11-24T07:00:00+00:00"))
    assert [first.version, back.version, sane.version] == ["2026-11-23.1", "2026-11-23.2", "2026-11-24.1"]
    assert [s["version"] for s in list_snapshots(folder)] == ["2026-11-23.1", "2026-11-23.2", "2026-11-24.1"]

    assert _manifest(folder, "2026-11-23.1")["created"] == "2026-11-23T10:00:00Z"
    assert "clock" not in _manifest(folder, "2026-11-23.1")
    set_back = _manifest(folder, "2026-11-23.2")
    assert set_back["created"] == "2026-11-23T10:00:00Z"  # not 2026-11-20: never before the previous one
    assert set_back["clock"]["went_backwards"] is True
    assert set_back["clock"]["system_time"] == "2026-11-20T08:30:00Z"
    later = _manifest(folder, "2026-11-24.1")
    assert later["created"] == "2026-11-24T07:00:00Z"
    assert "clock" not in later


def test_a_clock_set_back_past_a_newer_version_date_still_sorts_after_it(warehouse):
    folder, con = warehouse
    publish(con, folder, report_ids={NORTH, SOUTH}, today=None, clock=_clock("2027-01-02T00:00:05+00:00"))
    result = publish(con, folder, report_ids={NORTH}, today=None, clock=_clock("2026-12-31T23:59:00+00:00"))
    assert result.version == "2027-01-02.2"
    assert _manifest(folder, result.version)["created"] == "2027-01-02T00:00:05Z"
