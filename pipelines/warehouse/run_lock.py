"""One run at a time per warehouse: an exclusive lock on `<warehouse>/.run.lock`, held for the whole run.

`hmip run` takes it without waiting (a second run is turned away with "another run is in progress");
a run launched by the schedule or the sensor takes it through the warehouse resource and waits for it,
so a command-line run and a daemon run never interleave their steps on one warehouse. The operating
system releases the lock when the process dies, even by SIGKILL, so a crash never leaves the warehouse
locked. The holder writes its process id and start time into the file so a run that is turned away can
say who holds it. Nothing else belongs here.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipelines.warehouse.files import utc_timestamp
from pipelines.warehouse.layout import run_lock_path

_POLL_SECONDS = 0.5
_held: set[str] = set()  # warehouses whose lock this process holds


class RunInProgress(Exception):
    pass


def _holder(fd: int) -> str:
    """What the holder wrote ('pid 123 since 2026-01-01T06:00:00Z'), or '' when unreadable."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text if text.startswith("pid ") else ""


def held_by_this_process(warehouse: Path) -> bool:
    return str(warehouse.resolve()) in _held


def _acquire(fd: int, warehouse: Path, wait_seconds: float) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError as exc:
            if time.monotonic() >= deadline:
                holder = _holder(fd)
                raise RunInProgress(f"another run is in progress on {warehouse}"
                                    + (f" ({holder})" if holder else "")) from exc
        time.sleep(_POLL_SECONDS)


@contextmanager
def warehouse_lock(warehouse: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Hold the warehouse's run lock; wait up to `wait_seconds` for it (0: fail at once)."""
    warehouse.mkdir(parents=True, exist_ok=True)
    key = str(warehouse.resolve())
    fd = os.open(run_lock_path(warehouse), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, warehouse, wait_seconds)
        since = utc_timestamp()
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {since}\n".encode(), 0)
        _held.add(key)
        try:
            yield
        finally:
            _held.discard(key)
    finally:
        os.close(fd)
