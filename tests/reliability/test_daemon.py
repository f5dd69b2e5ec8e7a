"""End to end through the scheduler: `make dev` (daemon and webserver on 127.0.0.1) with a temporary
DAGSTER_HOME, raw/ and warehouse; a report dropped into raw/ is picked up by the sensor, run, checked and
published, and nothing the operator cannot act on is printed (no Python warnings); then exactly the
processes this test started are stopped."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time

import pyarrow.parquet as pq
import pytest

from .helpers import ROOT, SAMPLES, alive, assert_valid_snapshot, dagster_home, env_with, group_members

pytestmark = pytest.mark.slow

WAIT_FOR_SNAPSHOT = 240  # seconds: daemon start-up, a sensor tick (every 30 s) and one run
MAKE = shutil.which("make") or "make"
WARNING = re.compile(r"\b\w*Warning\b")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(proc: subprocess.Popen, seen: set[int]) -> set[int]:
    """SIGTERM the group, then SIGKILL what is left; returns the processes still alive after that."""
    pgid = proc.pid
    seen |= group_members(pgid)
    for sig, grace in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 10.0)):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            break
        end = time.monotonic() + grace
        while time.monotonic() < end and alive(seen | group_members(pgid)):
            time.sleep(0.2)
        if not alive(seen | group_members(pgid)):
            break
    proc.wait(10)
    return alive(seen | group_members(pgid))


def test_the_sensor_picks_up_a_dropped_report_and_publishes_it(tmp_path):
    raw, warehouse, home = tmp_path / "raw", tmp_path / "warehouse", dagster_home(tmp_path)
    raw.mkdir()
    port = _free_port()
    env = env_with(home, HMIP_RAW=str(raw), HMIP_WAREHOUSE=str(warehouse))
    log = (tmp_path / "dagster-dev.log").open("w")
    proc = subprocess.Popen([MAKE, "--no-print-directory", "dev", f"RAW={raw}", f"WAREHOUSE={warehouse}",
                             f"DAGSTER_HOME={home}", f"DEV_PORT={port}"], cwd=ROOT, env=env, stdout=log,
                            stderr=subprocess.STDOUT, start_new_session=True)
    seen: set[int] = set()
    try:
        drop = raw / "wigan-pdu-2023-05.txt"
        shutil.copy(SAMPLES / drop.name, drop)
        settled = time.time() - 60  # as if copied a minute ago, so the sensor need not wait for it
        os.utime(drop, (settled, settled))
        latest = warehouse / "latest" / "datapackage.json"
        end = time.monotonic() + WAIT_FOR_SNAPSHOT
        while time.monotonic() < end and not latest.exists() and proc.poll() is None:
            seen |= group_members(proc.pid)
            time.sleep(1)
        tail = (tmp_path / "dagster-dev.log").read_text()[-3000:]
        assert proc.poll() is None, "make dev exited: " + tail
        assert latest.exists(), "no snapshot within the time limit: " + tail
        time.sleep(1)  # `latest` is switched last; let the run's step finish writing its events
    finally:
        survivors = _stop(proc, seen)
        log.close()
    assert not survivors, f"processes of the test's group survived: {sorted(survivors)}"
    assert len(seen) >= 2  # the daemon and the webserver (and code servers) ran in the group
    printed = (tmp_path / "dagster-dev.log").read_text()
    assert not WARNING.findall(printed), printed[-3000:]

    assert_valid_snapshot(warehouse / "latest")
    reports = pq.read_table(warehouse / "latest" / "reports.parquet").to_pylist()
    assert [(r["report_id"], r["overall_rating"], r["score"], r["score_max"]) for r in reports] == [
        ("wigan-pdu-2023-05", "Requires improvement", 7, 27)]
