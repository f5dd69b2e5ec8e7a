"""One `hmip run` at a time per warehouse: an exclusive, non-blocking lock on `<warehouse>/.run.lock`.

The operating system releases the lock when the process dies, even by SIGKILL, so a crash never leaves
the warehouse locked. The holder writes its process id and start time into the file so the run that is
turned away can say who holds it. Nothing else belongs here.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_FILE = ".run.lock"


class RunInProgress(Exception):
    pass


def _holder(fd: int) -> str:
    """What the holder wrote ('pid 123 since 2026-01-01T06:00:00Z'), or '' when unreadable."""
    try:
        text = os.pread(fd, 200, 0).decode("utf-8", errors="replace").strip()
    except OSError:
        return ""
    return text if text.startswith("pid ") else ""


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    warehouse.mkdir(parents=True, exist_ok=True)
    fd = os.open(warehouse / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            holder = _holder(fd)
            raise RunInProgress(f"another run is in progress on {warehouse}"
                                + (f" ({holder})" if holder else "")) from exc
        since = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {since}\n".encode(), 0)
        yield
    finally:
        os.close(fd)
