"""Release what a killed `hmip run` left in the Dagster instance, so the next run is not blocked by it.

An in-process run killed by SIGKILL never reports its end: its record stays STARTED and it keeps its slot
in the `warehouse` pool (and counts against the run queue's limit of one), so every later run would wait
for it forever. Each `hmip run` tags its Dagster run with the process that executes it; before the next
run starts, a run with such a tag whose process is gone is marked failed and its pool slots are freed.
Slots still held by runs that have finished are freed too. A run launched by the daemon is tagged by the
warehouse resource when it starts, and released by the sensor's next tick. Runs without the tag are left
to Dagster's own run monitoring. Running the pipeline does not belong here.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

import dagster as dg

# Spelled out from the public `DagsterRunStatus` (Dagster's own lists live in a private module).
FINISHED_STATUSES = [dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE, dg.DagsterRunStatus.CANCELED]
NOT_FINISHED_STATUSES = [s for s in dg.DagsterRunStatus
                         if s not in FINISHED_STATUSES and s is not dg.DagsterRunStatus.MANAGED]

PID_TAG, HOST_TAG, START_TAG = "hmip/pid", "hmip/host", "hmip/process_start"


def _process_start(pid: int) -> str:
    """The process's start time in clock ticks since boot (Linux), so a reused pid is not mistaken for
    the run's process; '' where /proc is not available."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    return stat.rsplit(")", 1)[1].split()[19]  # field 22 of stat(5); the name before ")" may hold spaces


def process_tags() -> dict[str, str]:
    """Tags naming the process that executes this run."""
    pid = os.getpid()
    return {PID_TAG: str(pid), HOST_TAG: socket.gethostname(), START_TAG: _process_start(pid)}


def _is_alive(tags: dict[str, str]) -> bool:
    if tags.get(HOST_TAG) != socket.gethostname():
        return True  # another machine's process: it cannot be checked from here
    try:
        pid = int(tags[PID_TAG])
    except ValueError:
        return True  # not a tag of ours after all: leave the run alone
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    started = tags.get(START_TAG, "")
    return not started or _process_start(pid) in ("", started)


def recover_dead_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark unfinished `hmip run` runs whose process is gone as failed and free their pool slots, and free
    slots held by finished runs. Returns the ids of the runs whose record or slots were released."""
    released = []
    records = instance.get_run_records(filters=dg.RunsFilter(statuses=NOT_FINISHED_STATUSES))
    for record in records:
        run = record.dagster_run
        if PID_TAG not in run.tags or _is_alive(run.tags):
            continue
        instance.report_run_failed(run, message=f"process {run.tags[PID_TAG]} ended without finishing the "
                                   "run (killed); marked failed by the next hmip run")
        released.append(run.run_id)
    storage = instance.event_log_storage
    if storage.supports_global_concurrency_limits:
        holders = storage.get_concurrency_run_ids()
        finished = {r.dagster_run.run_id for r in instance.get_run_records(
            filters=dg.RunsFilter(run_ids=list(holders), statuses=FINISHED_STATUSES))} if holders else set()
        for run_id in sorted(finished):
            storage.free_concurrency_slots_for_run(run_id)
            if run_id not in released:
                released.append(run_id)
    return released
