"""Extraction throughput on one core: reports per second through `pipelines.extract.extract_bytes` on the
sample reports (bytes read beforehand, so only reading-from-memory, normalising and parsing are timed).

Run: `python -m bench.extract_speed [FILES...]` (defaults to raw/*.txt). Only timing belongs here.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

TARGET = 500.0  # reports per second per core


def measure(paths: list[Path], repeat: int = 20) -> dict[str, float]:
    """Best-of-`repeat` passes over the files; returns reports/second, ms/report and the target."""
    from pipelines.extract import extract_bytes

    items = [(Path(p).read_bytes(), Path(p).name) for p in paths]
    if not items:
        raise ValueError("no files to measure")
    for data, name in items:  # warm up: imports and compiled patterns are not throughput
        extract_bytes(data, name)
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        for data, name in items:
            extract_bytes(data, name)
        best = min(best, time.perf_counter() - start)
    per_report = best / len(items)
    return {
        "files": float(len(items)),
        "reports_per_second": round(1.0 / per_report, 1),
        "ms_per_report": round(per_report * 1000, 3),
        "target_reports_per_second": TARGET,
    }


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[1]
    paths = [Path(a) for a in argv] or sorted((root / "raw").glob("*.txt"))
    print(json.dumps(measure(paths), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
