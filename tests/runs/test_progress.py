"""Progress in a log: a plain line every `interval` seconds and one at the end, never a carriage return;
a stream that is closed stops the lines without failing the caller. Times come from a hand-driven clock."""

from __future__ import annotations

import io
import os

import pytest

from pipelines.runs.progress import progress_printer


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_line_every_five_seconds_and_one_at_the_end():
    clock, log = Clock(), io.StringIO()
    show = progress_printer("extracting", terminal=False, stream=log, interval=5, clock=clock)
    for done in range(1, 11):
        clock.now += 2  # two seconds a file
        show(done, 10)
    assert log.getvalue().splitlines() == [
        "extracting: 3/10 files (30%) in 00:06, about 00:14 left",
        "extracting: 6/10 files (60%) in 00:12, about 00:08 left",
        "extracting: 9/10 files (90%) in 00:18, about 00:02 left",
        "extracting: 10/10 files (100%) in 00:20, about 00:00 left",
    ]
    assert "\r" not in log.getvalue()


def test_a_step_quicker_than_the_interval_prints_only_its_end():
    clock, log = Clock(), io.StringIO()
    show = progress_printer("extracting", terminal=False, stream=log, interval=5, clock=clock)
    clock.now += 1
    show(1, 2)
    clock.now += 1
    show(2, 2)
    assert log.getvalue() == "extracting: 2/2 files (100%) in 00:02, about 00:00 left\n"


def test_a_log_reader_that_went_away_does_not_fail_the_caller():
    """`hmip run 2>&1 | head -1`: the step goes on, the lines stop."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    log = open(write_end, "w", buffering=1)  # noqa: SIM115 (closed below, where the pipe's error is expected)
    show = progress_printer("extracting", terminal=False, stream=log, interval=0)
    show(1, 2)  # BrokenPipeError inside, swallowed
    show(2, 2)
    bar = progress_printer("extracting", terminal=True, stream=log)
    bar(1, 2)
    bar(2, 2)
    with pytest.raises(BrokenPipeError):  # the pipe really was closed: what was left to write fails here
        log.close()
