"""Run a command as a child process and measure it: wall time, CPU time and peak memory (max RSS).

`os.wait4` gives the resource usage of that one child (and the children it waited for), so figures do not
mix between runs as RUSAGE_CHILDREN would. Nothing about the pipeline belongs here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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

    @property
    def cores_used(self) -> float:
        """CPU seconds per wall second: above 1 means more than one core was busy."""
        return self.cpu_s / self.wall_s if self.wall_s else 0.0


def measure_command(cmd: list[str], env: dict[str, str] | None = None, cwd: Path | None = None) -> Measured:
    with tempfile.TemporaryDirectory(prefix="bench-proc-") as tmp:
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=out, stderr=err)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        return Measured(
            wall_s=wall, cpu_s=usage.ru_utime + usage.ru_stime,
            max_rss_mib=usage.ru_maxrss * _RSS_UNIT / MIB, returncode=proc.returncode,
            stdout=out_path.read_text(errors="replace"), stderr=err_path.read_text(errors="replace"),
        )
