"""A step waiting for a pool slot that another run holds sleeps between tries instead of spinning
(pipelines/defs/dagster_fixes.py): a real in-process Dagster run on a real SQLite instance with the
project's dagster.yaml (pool limit 1), its slot taken by another run id and freed 1.5 s later."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import dagster as dg
from dagster._core.execution.plan.instance_concurrency_context import InstanceConcurrencyContext

import pipelines.definitions  # noqa: F401  (the code location: applies pipelines/defs/dagster_fixes.py)

ROOT = Path(__file__).resolve().parents[2]
HELD_FOR_S = 1.5


@dg.op(pool="warehouse")
def _writes_the_warehouse() -> int:
    return 1


@dg.job(executor_def=dg.in_process_executor)
def _one_step() -> None:
    _writes_the_warehouse()


def test_a_step_blocked_on_the_pool_sleeps_until_the_slot_is_free(tmp_path: Path, monkeypatch):
    (tmp_path / "dagster.yaml").write_text((ROOT / "dagster-instance.yaml").read_text())
    tries: list[float] = []
    real_claim = InstanceConcurrencyContext.claim

    def counted(self, *args, **kwargs):
        tries.append(time.monotonic())
        return real_claim(self, *args, **kwargs)

    monkeypatch.setattr(InstanceConcurrencyContext, "claim", counted)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        storage = instance.event_log_storage
        storage.initialize_concurrency_limit_to_default("warehouse")
        assert storage.claim_concurrency_slot("warehouse", "another-run", "its-step").is_claimed
        freer = threading.Timer(HELD_FOR_S, storage.free_concurrency_slot_for_step,
                                ("another-run", "its-step"))
        freer.start()
        started = time.monotonic()
        try:
            result = _one_step.execute_in_process(instance=instance)
        finally:
            freer.join()
    assert result.success
    assert time.monotonic() - started >= HELD_FOR_S  # it did wait for the slot
    # Dagster's back-off is 1 s, then 1.1 s: a handful of tries. Spinning tried ~500,000 times here.
    assert 2 <= len(tries) <= 5, len(tries)
