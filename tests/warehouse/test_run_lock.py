"""The warehouse's run lock across processes: `hmip run` is turned away at once, a daemon-launched run
waits for the lock through the warehouse resource, and the lock is held for the whole run."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import pytest

from pipelines.defs.resources import WarehouseResource
from pipelines.warehouse.run_lock import RunInProgress, held_by_this_process, warehouse_lock

HOLD = """
import sys, time
from pathlib import Path
from pipelines.warehouse.run_lock import warehouse_lock
with warehouse_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def _hold_in_another_process(warehouse: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(warehouse), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_waiting_for_the_lock_gets_it_when_the_other_run_ends(tmp_path):
    holder = _hold_in_another_process(tmp_path, 1.5)
    try:
        with pytest.raises(RunInProgress, match=r"another run is in progress .*\(pid \d+ since "), \
                warehouse_lock(tmp_path):
            pass
        started = time.monotonic()
        with warehouse_lock(tmp_path, wait_seconds=30):
            assert held_by_this_process(tmp_path)
            assert time.monotonic() - started > 0.5  # it waited for the holder
        assert not held_by_this_process(tmp_path)
    finally:
        holder.wait(30)


def _job_using(warehouse: WarehouseResource) -> dg.JobDefinition:
    @dg.asset
    def touches_the_warehouse(warehouse: WarehouseResource) -> bool:
        return held_by_this_process(warehouse.root)

    defs = dg.Definitions(assets=[touches_the_warehouse], resources={"warehouse": warehouse},
                          jobs=[dg.define_asset_job("j", executor_def=dg.in_process_executor)])
    return defs.resolve_job_def("j")


def test_a_run_holds_the_lock_from_start_to_end_and_waits_no_longer_than_told(tmp_path):
    job = _job_using(WarehouseResource(path=str(tmp_path), lock_wait_seconds=5))
    result = job.execute_in_process()
    assert result.success and result.output_for_node("touches_the_warehouse") is True
    assert not held_by_this_process(tmp_path)  # released at the end of the run

    holder = _hold_in_another_process(tmp_path, 10)
    try:
        impatient = _job_using(WarehouseResource(path=str(tmp_path), lock_wait_seconds=0.5))
        with pytest.raises(dg.DagsterResourceFunctionError) as failed:
            impatient.execute_in_process()
        assert isinstance(failed.value.user_exception, RunInProgress)
        assert "another run is in progress" in str(failed.value.user_exception)
    finally:
        holder.kill()
        holder.wait(30)


def test_within_hmip_run_the_resource_takes_no_second_lock(tmp_path):
    with warehouse_lock(tmp_path):
        result = _job_using(WarehouseResource(path=str(tmp_path), lock_wait_seconds=0)).execute_in_process()
        assert result.success and held_by_this_process(tmp_path)
