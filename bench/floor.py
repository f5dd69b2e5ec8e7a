"""The floor: what the machine needs to do anything at all, measured in the same run as the pipeline.

Two parts: a fresh Python process importing the pipeline's heavy libraries (the cost every `hmip run`
pays before touching a report), and reading every report file with one regular-expression pass (the cost
of looking at the bytes once). Every benchmark figure is also given as a ratio to these.
"""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from bench.proc import measure_command

IMPORTS = "import dagster, great_expectations, duckdb, pyarrow"
# One pass that finds the score, the rating lines and the key-question percentages: the least a parser does.
_ONE_PASS = re.compile(
    r"Score \*\*(\d+)/(\d+)\*\*|^(Outstanding|Good|Requires improvement|Inadequate)\r?$|\t(\d+)%",
    re.MULTILINE,
)


def import_floor(repeat: int = 3, python: str = sys.executable) -> dict[str, float]:
    """Median wall time and peak memory of a fresh interpreter importing the heavy libraries."""
    runs = [measure_command([python, "-c", IMPORTS]) for _ in range(repeat)]
    failed = [r for r in runs if r.returncode != 0]
    if failed:
        raise RuntimeError(f"the import floor failed: {failed[0].stderr[-500:]}")
    return {
        "wall_s": statistics.median(r.wall_s for r in runs),
        "cpu_s": statistics.median(r.cpu_s for r in runs),
        "max_rss_mib": statistics.median(r.max_rss_mib for r in runs),
        "repeat": repeat,
    }


def regex_floor(paths: list[Path]) -> dict[str, float]:
    """Seconds to read every file and run one regex pass over it, and how many matches it found."""
    start = time.perf_counter()
    matches = 0
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace")
        matches += sum(1 for _ in _ONE_PASS.finditer(text))
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "files": len(paths), "matches": matches,
            "reports_per_s": len(paths) / seconds if seconds else 0.0}
