"""One `hmip run` at a time per warehouse: an exclusive, non-blocking lock on `<warehouse>/.run.lock`.

The operating system releases the lock when the process dies, even by SIGKILL, so a crash never leaves
the warehouse locked. Nothing else belongs here.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RunInProgress(Exception):
    pass


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    warehouse.mkdir(parents=True, exist_ok=True)
    fd = os.open(warehouse / ".run.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise RunInProgress(f"another run is in progress on {warehouse}") from exc
        yield
    finally:
        os.close(fd)
