"""Extraction throughput on one core: reports per second through `pipelines.extract.extract_bytes` on the
sample reports (bytes read beforehand, so only reading-from-memory, normalising and parsing are timed).

Run: `python -m bench.extract_speed [FILES...]` (defaults to raw/*.txt). Only timing belongs here.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

TARGET = 500.0  # reports per second per core


def _best_seconds(items: list[tuple[bytes, str]], run: Callable[[bytes, str], object], repeat: int) -> float:
    for data, name in items:  # warm up: imports and compiled patterns are not throughput
        run(data, name)
    best = float("inf")
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        for data, name in items:
            run(data, name)
        best = min(best, time.perf_counter() - start)
    return best / len(items)


def measure(paths: list[Path], repeat: int = 20) -> dict[str, float]:
    """Best-of-`repeat` passes over the files; returns reports/second and ms/report through extract_bytes
    (reading, normalising, parsing), the share of that spent reading (readers/), and the target."""
    from pipelines.extract import extract_bytes
    from pipelines.extract.readers import read_document

    items = [(Path(p).read_bytes(), Path(p).name) for p in paths]
    if not items:
        raise ValueError("no files to measure")
    per_report = _best_seconds(items, extract_bytes, repeat)
    per_read = _best_seconds(items, read_document, repeat)
    return {
        "files": float(len(items)),
        "reports_per_second": round(1.0 / per_report, 1),
        "ms_per_report": round(per_report * 1000, 3),
        "read_ms_per_report": round(per_read * 1000, 3),
        "target_reports_per_second": TARGET,
    }


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[1]
    paths = [Path(a) for a in argv] or sorted((root / "raw").glob("*.txt"))
    print(json.dumps(measure(paths), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
