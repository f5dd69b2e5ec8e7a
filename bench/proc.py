"""Run a command as a child process and measure it: wall time, CPU time and peak memory (max RSS).

`os.wait4` gives the resource usage of that one child (and the children it waited for), so figures do not
mix between runs as RUSAGE_CHILDREN would. Nothing about the pipeline belongs here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

MIB = 1024 * 1024
# ru_maxrss is in kilobytes on Linux, bytes on macOS.
_RSS_UNIT = 1 if sys.platform == "darwin" else 1024


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float
    max_rss_mib: float
    returncode: int
    stdout: str
    stderr: str
    # (epoch seconds, RSS MiB of the process, RSS MiB of it and its children), every `sample_s`
    samples: list[tuple[float, float, float]] = field(default_factory=list)

    @property
    def cores_used(self) -> float:
        """CPU seconds per wall second: above 1 means more than one core was busy."""
        return self.cpu_s / self.wall_s if self.wall_s else 0.0


def measure_command(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None,
                    sample_s: float | None = None) -> Measured:
    """`sample_s`: also sample the memory of the process (and its children) that often (Linux /proc)."""
    samples: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory(prefix="bench-proc-") as tmp:
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
            done = threading.Event()
            sampler = threading.Thread(target=_sample, args=(proc.pid, sample_s, samples, done), daemon=True)
            if sample_s:
                sampler.start()
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            done.set()
            if sample_s:
                sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        return Measured(
            wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime,
            max_rss_mib=usage.ru_maxrss * _RSS_UNIT / MIB, returncode=proc.returncode,
            stdout=out_path.read_text(errors="replace"), stderr=err_path.read_text(errors="replace"),
            samples=samples,
        )


def _rss_mib(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            found += [int(c) for c in task.read_text().split()]
        except (OSError, ValueError):
            continue
    return found + [g for c in found for g in _children(c)]


def _sample(pid: int, every: float | None, into: list[tuple[float, float, float]],
            done: threading.Event) -> None:
    while every and not done.is_set():
        main = _rss_mib(pid)
        into.append((time.time(), main, main + sum(_rss_mib(c) for c in _children(pid))))
        done.wait(every)
