"""The raw/ sensor's first tick (a fresh `make dev`) compares raw/ with `latest`: nothing to do when raw/
is what `latest` was built from, a run (tagged with what differs from latest's inputs) when it is not.

Real parts: a warehouse published by a real `hmip run`, the sensor of the real code location
(`build_definitions`) evaluated with a real Dagster instance."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.definitions import build_definitions
from tests._fixtures.sample_run import published_sample_copy
from tests.reliability.helpers import SAMPLES

pytestmark = pytest.mark.slow
SAMPLE_NAMES = ["tameside-pdu-2023-05.txt", "wigan-pdu-2023-05.txt"]  # raw/ as shipped


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    # the first run on the samples is the suite's shared one (tests/_fixtures/sample_run.py), copied
    _, warehouse, _, run = published_sample_copy(tmp_path_factory,
                                                 tmp_path_factory.mktemp("first_tick") / "run")
    assert run.returncode == 0 and "published" in run.stdout, run.stdout + run.stderr
    return warehouse


def _settled_copy(tmp_path: Path) -> Path:
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLES, raw)
    _age(raw)
    return raw


def _age(raw: Path) -> None:
    """Older than the sensor's settling time, as a file dropped in a while ago."""
    past = time.time() - 60
    for path in raw.iterdir():
        os.utime(path, (past, past))


def _tick(raw: Path, warehouse: Path, cursor: str | None = None):
    defs = build_definitions(str(raw), str(warehouse))
    sensor = defs.resolve_sensor_def("raw_folder_sensor")
    with dg.instance_for_test() as instance, dg.build_sensor_context(
            instance=instance, cursor=cursor, resources=defs.resources) as context:  # the location's raw/
        result = sensor(context)
        return result, context.cursor


def test_first_tick_on_what_latest_was_built_from_requests_nothing(published, tmp_path):
    raw = _settled_copy(tmp_path)
    version = (published / "latest").resolve().name
    result, cursor = _tick(raw, published)
    assert isinstance(result, dg.SkipReason), result
    assert f"snapshot {version}" in result.skip_message
    assert sorted(json.loads(cursor)) == SAMPLE_NAMES  # the next tick compares with raw/ as it is now
    (raw / "extra-report.txt").write_text("a report dropped in later")
    _age(raw)
    later, _ = _tick(raw, published, cursor)
    assert isinstance(later, dg.RunRequest)
    assert later.tags == {"hmip/added": "1", "hmip/removed": "0", "hmip/changed": "0"}


def test_first_tick_after_a_report_changed_since_latest_requests_a_run(published, tmp_path):
    raw = _settled_copy(tmp_path)
    wigan = raw / "wigan-pdu-2023-05.txt"
    wigan.write_text(wigan.read_text(encoding="utf-8") + "\nA corrected line.\n", encoding="utf-8")
    _age(raw)
    result, cursor = _tick(raw, published)
    assert isinstance(result, dg.RunRequest), result
    assert result.tags == {"hmip/added": "0", "hmip/removed": "0", "hmip/changed": "1"}
    again, _ = _tick(raw, published, cursor)  # the run is requested once, not on every tick
    assert isinstance(again, dg.SkipReason)


def test_first_tick_after_a_report_was_removed_since_latest_requests_a_run(published, tmp_path):
    raw = _settled_copy(tmp_path)
    (raw / "tameside-pdu-2023-05.txt").unlink()
    result, _ = _tick(raw, published)
    assert isinstance(result, dg.RunRequest), result
    assert result.tags == {"hmip/added": "0", "hmip/removed": "1", "hmip/changed": "0"}


def test_a_tick_after_hmip_run_published_the_change_requests_nothing(published, tmp_path):
    """The cursor is stale (raw/ changed since the last tick) but latest already holds the change."""
    raw = _settled_copy(tmp_path)
    stale = json.dumps({"tameside-pdu-2023-05.txt": "0" * 64}, sort_keys=True)
    result, cursor = _tick(raw, published, stale)
    assert isinstance(result, dg.SkipReason), result
    assert "no run needed" in result.skip_message
    assert sorted(json.loads(cursor)) == SAMPLE_NAMES
