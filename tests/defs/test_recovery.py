"""A killed `hmip run` leaves its Dagster run STARTED and holding a `warehouse` pool slot; the next run must
mark it failed and free the slot, and must leave runs whose process is alive alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dagster as dg

from pipelines.defs.recovery import HOST_TAG, PID_TAG, START_TAG, process_tags, recover_dead_runs
from pipelines.defs.resources import RawFolderResource, WarehouseResource
from pipelines.defs.sensors import build_raw_sensor

ROOT = Path(__file__).resolve().parents[2]


def _instance(tmp_path: Path) -> dg.DagsterInstance:
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "dagster.yaml").write_text((ROOT / "dagster-instance.yaml").read_text())
    return dg.DagsterInstance.from_config(str(tmp_path))


def _started_run(instance: dg.DagsterInstance, tags: dict[str, str], step: str) -> str:
    run = instance.add_run(dg.DagsterRun(job_name="hmip_full_run", status=dg.DagsterRunStatus.STARTED,
                                         tags=tags))
    instance.event_log_storage.claim_concurrency_slot("warehouse", run.run_id, step)
    return run.run_id


def _dead_process_tags() -> dict[str, str]:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return {**process_tags(), PID_TAG: str(proc.pid), START_TAG: "1"}


def _slot_holders(instance: dg.DagsterInstance) -> set[str]:
    return {c.run_id for c in instance.event_log_storage.get_concurrency_info("warehouse").claimed_slots}


def test_a_dead_process_run_is_failed_and_its_slot_freed_a_live_one_is_kept(tmp_path):
    with _instance(tmp_path) as instance:
        instance.event_log_storage.set_concurrency_slots("warehouse", 2)
        dead = _started_run(instance, _dead_process_tags(), "warehouse_tables")
        alive = _started_run(instance, process_tags(), "snapshot")
        assert _slot_holders(instance) == {dead, alive}

        assert recover_dead_runs(instance) == [dead]

        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
        assert instance.get_run_by_id(alive).status == dg.DagsterRunStatus.STARTED
        assert _slot_holders(instance) == {alive}
        assert recover_dead_runs(instance) == []  # nothing more to release


def test_a_reused_pid_is_not_taken_for_the_run_process(tmp_path):
    """Our own pid, alive, but with another start time: the run's process is gone."""
    with _instance(tmp_path) as instance:
        instance.event_log_storage.set_concurrency_slots("warehouse", 1)
        stale = _started_run(instance, {**process_tags(), START_TAG: "1"}, "extracted_reports")
        assert recover_dead_runs(instance) == [stale]
        assert _slot_holders(instance) == set()


def test_runs_of_other_hosts_and_daemon_runs_are_left_alone(tmp_path):
    with _instance(tmp_path) as instance:
        instance.event_log_storage.set_concurrency_slots("warehouse", 2)
        elsewhere = _started_run(instance, {**_dead_process_tags(), HOST_TAG: "another-host"}, "snapshot")
        daemon = _started_run(instance, {}, "warehouse_tables")
        assert recover_dead_runs(instance) == []
        assert _slot_holders(instance) == {elsewhere, daemon}


def test_slots_of_a_finished_run_are_freed(tmp_path):
    with _instance(tmp_path) as instance:
        instance.event_log_storage.set_concurrency_slots("warehouse", 1)
        run_id = _started_run(instance, {}, "snapshot")
        instance.report_run_failed(instance.get_run_by_id(run_id))
        assert recover_dead_runs(instance) == [run_id]
        assert _slot_holders(instance) == set()


def test_the_sensor_releases_a_dead_daemon_run_on_its_next_tick(tmp_path):
    with _instance(tmp_path / "home") as instance:
        instance.event_log_storage.set_concurrency_slots("warehouse", 1)
        dead = _started_run(instance, _dead_process_tags(), "warehouse_tables")
        sensor = build_raw_sensor(dg.define_asset_job("hmip_full_run"))
        (tmp_path / "raw").mkdir()
        context = dg.build_sensor_context(instance=instance,
                                          resources={"raw": RawFolderResource(path=str(tmp_path / "raw"))})
        sensor(context)
        assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
        assert _slot_holders(instance) == set()


def test_a_run_of_the_job_is_tagged_with_its_process_by_the_warehouse_resource(tmp_path):
    @dg.asset
    def touches(warehouse: WarehouseResource) -> int:
        return 1

    job = dg.Definitions(assets=[touches], resources={"warehouse": WarehouseResource(path=str(tmp_path))},
                         jobs=[dg.define_asset_job("j")]).resolve_job_def("j")
    with _instance(tmp_path / "home") as instance:
        result = job.execute_in_process(instance=instance)
        tags = instance.get_run_by_id(result.run_id).tags
        assert tags[PID_TAG] == process_tags()[PID_TAG] and tags[HOST_TAG] == process_tags()[HOST_TAG]
