"""DAGSTER_HOME's storages created once, under a file lock, before the processes that share the home use
it. Two processes opening a fresh home at once both create its SQLite databases and clash (seen on a
fresh clone: the code server that `make dev`'s webserver starts failed in alembic's revision check of
schedules.db while another process was creating it, so the sensor never ran). `hmip run` prepares the
home as it starts; `make dev` runs this module before it starts the daemon and the webserver. No pipeline
logic belongs here.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import dagster as dg

LOCK_FILE = ".hmip-instance.lock"


def prepared_instance() -> dg.DagsterInstance:
    """The instance of DAGSTER_HOME (which must be set), every storage created under the home's lock."""
    home = Path(os.environ["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    fd = os.open(home / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        instance = dg.DagsterInstance.get()  # creates the run, event log and schedule databases
        instance.get_runs(limit=1)
        instance.event_log_storage.get_concurrency_keys()
    finally:
        os.close(fd)
    return instance


if __name__ == "__main__":  # `make dev`: prepare the home, then start the daemon and the webserver
    prepared_instance().dispose()
