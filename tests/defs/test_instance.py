"""The project's Dagster instance (dagster-instance.yaml, `pipelines.defs.instance`): its event log keeps the
connections open, yet writes Dagster's usual files, which a plain Dagster instance (the UI's) reads while a
run is still going and after; the concurrency pools work; a live watcher of a run hears its events."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import dagster as dg
from dagster._core.events import DagsterEvent, DagsterEventType, EngineEventData
from dagster._core.events.log import EventLogEntry

from pipelines.defs.instance import HmipInstance, KeptOpenSqliteEventLogStorage

ROOT = Path(__file__).resolve().parents[2]


def _home(folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dagster.yaml").write_text((ROOT / "dagster-instance.yaml").read_text())
    return str(folder)


def _engine_event(run_id: str, message: str) -> EventLogEntry:
    event = DagsterEvent(DagsterEventType.ENGINE_EVENT.value, "hmip_full_run", message=message,
                         event_specific_data=EngineEventData())
    return EventLogEntry(error_info=None, level=20, user_message=message, run_id=run_id,
                         timestamp=time.time(), dagster_event=event)


def test_the_project_instance_keeps_dagsters_files_and_layout(tmp_path: Path) -> None:
    with dg.DagsterInstance.from_config(_home(tmp_path)) as instance:
        assert type(instance) is HmipInstance
        assert type(instance.event_log_storage) is KeptOpenSqliteEventLogStorage
        run = instance.add_run(dg.DagsterRun(job_name="hmip_full_run"))
        instance.event_log_storage.store_event(_engine_event(run.run_id, "first"))
        assert (tmp_path / "history" / "runs.db").exists()
        assert (tmp_path / "history" / "runs" / "index.db").exists()
        assert (tmp_path / "history" / "runs" / f"{run.run_id}.db").exists()


def test_a_plain_dagster_instance_reads_the_events_during_and_after(tmp_path: Path) -> None:
    home = _home(tmp_path)
    (tmp_path / "plain.yaml").write_text("telemetry:\n  enabled: false\n")  # Dagster's defaults, as the UI's
    with dg.DagsterInstance.from_config(home) as writer:
        run = writer.add_run(dg.DagsterRun(job_name="hmip_full_run"))
        for message in ("one", "two", "three"):
            writer.event_log_storage.store_event(_engine_event(run.run_id, message))
        with dg.DagsterInstance.from_config(home, config_filename="plain.yaml") as reader:
            assert type(reader) is dg.DagsterInstance
            assert [e.user_message for e in reader.all_logs(run.run_id)] == ["one", "two", "three"]
    assert not (tmp_path / "history" / "runs" / f"{run.run_id}.db-wal").exists()  # checkpointed on close
    with dg.DagsterInstance.from_config(home, config_filename="plain.yaml") as reader:
        assert [e.user_message for e in reader.all_logs(run.run_id)] == ["one", "two", "three"]


def test_the_warehouse_pool_still_limits_to_one(tmp_path: Path) -> None:
    with dg.DagsterInstance.from_config(_home(tmp_path)) as instance:
        storage = instance.event_log_storage
        assert storage.supports_global_concurrency_limits
        assert storage.initialize_concurrency_limit_to_default("warehouse")  # what a run does first
        assert storage.get_concurrency_info("warehouse").slot_count == 1  # `pools: default_limit: 1`
        first = storage.claim_concurrency_slot("warehouse", "run-a", "warehouse_tables")
        second = storage.claim_concurrency_slot("warehouse", "run-b", "quality_checks")
        assert first.is_claimed
        assert not second.is_claimed
        storage.free_concurrency_slots_for_run("run-a")
        assert storage.claim_concurrency_slot("warehouse", "run-b", "quality_checks").is_claimed


def test_a_watcher_hears_events_while_the_connection_stays_open(tmp_path: Path) -> None:
    home = _home(tmp_path)
    heard: list[str] = []
    done = threading.Event()

    def callback(entry: EventLogEntry, _cursor: str) -> None:
        heard.append(entry.user_message)
        if len(heard) == 2:
            done.set()

    with dg.DagsterInstance.from_config(home) as writer, dg.DagsterInstance.from_config(home) as ui:
        run = writer.add_run(dg.DagsterRun(job_name="hmip_full_run"))
        writer.event_log_storage.store_event(_engine_event(run.run_id, "before watching"))
        ui.event_log_storage.watch(run.run_id, None, callback)
        time.sleep(0.5)
        writer.event_log_storage.store_event(_engine_event(run.run_id, "while watched"))
        assert done.wait(timeout=20)
        ui.event_log_storage.end_watch(run.run_id, callback)
    assert heard == ["before watching", "while watched"]


def test_a_table_found_once_is_not_looked_up_again_a_missing_one_is(tmp_path: Path, monkeypatch) -> None:
    from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

    asked: list[str] = []
    real = SqliteEventLogStorage.has_table

    def counted(self, table_name: str) -> bool:
        asked.append(table_name)
        return real(self, table_name)

    monkeypatch.setattr(SqliteEventLogStorage, "has_table", counted)
    with dg.DagsterInstance.from_config(_home(tmp_path)) as instance:
        storage = instance.event_log_storage
        asked.clear()
        answers = [storage.has_table(t) for t in ("asset_check_executions", "asset_check_executions",
                                                  "no_such_table", "no_such_table")]
    assert answers == [True, True, False, False]
    assert asked == ["asset_check_executions", "no_such_table", "no_such_table"]
