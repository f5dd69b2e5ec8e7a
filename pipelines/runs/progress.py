"""Progress of a long step (extracting the files of raw/) for the person running `hmip run`, on stderr:
a tqdm bar redrawn in place on a terminal; when stderr is a file or a pipe (a log, cron's mail), a plain
line every few seconds and one at the end, so the log reads as lines rather than one long line of
carriage returns. Only drawing belongs here; what is counted, and when, is the caller's.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import TextIO

from tqdm import tqdm

Progress = Callable[[int, int], None]  # (done, total)
INTERVAL_VARIABLE = "HMIP_PROGRESS_SECONDS"  # seconds between plain lines (default below; 0: every update)
DEFAULT_INTERVAL = 5.0
PLAIN_FORMAT = "{desc}: {n_fmt}/{total_fmt} files ({percentage:.0f}%) in {elapsed}, about {remaining} left"


def progress_printer(label: str, terminal: bool | None = None, stream: TextIO | None = None,
                     interval: float | None = None, clock: Callable[[], float] = time.monotonic) -> Progress:
    """A `(done, total)` callback that shows `label`'s progress on `stream` (default stderr), as a bar
    when `terminal` (default: whether the stream is one). Inside a Dagster step stderr is captured (to
    the compute log, and passed on), so whether it leads to a terminal is known only before the run."""
    stream = stream if stream is not None else sys.stderr
    if terminal if terminal is not None else stderr_is_terminal(stream):
        return _bar(label, stream)
    return _plain_lines(label, stream, interval_from_environment() if interval is None else interval, clock)


def interval_from_environment() -> float:
    value = os.environ.get(INTERVAL_VARIABLE, "")
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_INTERVAL  # unset or not a number: progress is a courtesy, never a reason to fail
    return seconds if seconds >= 0 else DEFAULT_INTERVAL


def stderr_is_terminal(stream: TextIO | None = None) -> bool:
    stream = stream if stream is not None else sys.stderr
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _quiet_when_closed(update: Progress) -> Progress:
    """Progress is a courtesy: a reader that went away (`hmip run 2>&1 | head`) must not fail the run."""
    closed = False

    def guarded(done: int, total: int) -> None:
        nonlocal closed
        if closed:
            return
        try:
            update(done, total)
        except OSError:  # BrokenPipeError among them
            closed = True

    return guarded


def _bar(label: str, stream: TextIO) -> Progress:
    bar: tqdm | None = None
    started = time.time()  # tqdm's clock; the bar is made at the first update, when the total is known

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=label, unit="file", file=stream, dynamic_ncols=True, delay=1e-6)
            bar.start_t = started  # so elapsed time and rate count the first file too
        bar.update(done - bar.n)
        if done >= total:
            bar.close()
            bar = None

    return _quiet_when_closed(update)


def _plain_lines(label: str, stream: TextIO, interval: float, clock: Callable[[], float]) -> Progress:
    started = clock()
    last_line: float | None = None

    def update(done: int, total: int) -> None:
        nonlocal last_line
        now = clock()
        finished = done >= total
        if not finished and now - (last_line if last_line is not None else started) < interval:
            return
        stream.write(tqdm.format_meter(done, total, now - started, prefix=label, unit="file",
                                       bar_format=PLAIN_FORMAT) + "\n")
        stream.flush()
        last_line = now

    return _quiet_when_closed(update)
