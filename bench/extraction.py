"""Extraction throughput: reports per second through `pipelines.extract.extract_bytes`, on one core (timed
by `bench.extract_speed.measure`, the extraction's own benchmark) and on a pool of worker processes (to
show the work spreads over every core when there is enough of it).

Only timing belongs here; what is extracted is the extractor's business and tested there.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path


def _extract_all(items: list[tuple[bytes, str]]) -> int:
    from pipelines.extract import extract_bytes

    reports = 0
    for data, name in items:
        reports += extract_bytes(data, name).report_id is not None
    return reports


def serial(paths: list[Path], repeat: int = 3) -> dict[str, float]:
    """Best of `repeat` passes on one core (the extraction benchmark's own `measure`), and how many of the
    files yielded a report."""
    from bench.extract_speed import measure

    timed = measure(paths, repeat)
    found = _extract_all([(p.read_bytes(), p.name) for p in paths])
    seconds = timed["ms_per_report"] * len(paths) / 1000
    return {"files": len(paths), "reports_found": found, "seconds": seconds,
            "reports_per_s": timed["reports_per_second"], "ms_per_report": timed["ms_per_report"]}


def pooled(paths: list[Path], workers: int | None = None, chunks_per_worker: int = 4) -> dict[str, float]:
    """One pass with a process pool: the files split into batches, the batches spread over the workers."""
    workers = workers or os.cpu_count() or 1
    items = [(p.read_bytes(), p.name) for p in paths]
    size = max(1, len(items) // (workers * chunks_per_worker))
    batches = [items[i:i + size] for i in range(0, len(items), size)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        list(pool.map(_extract_all, [items[:1]] * workers))  # start and warm every worker first
        start = time.perf_counter()
        reports = sum(pool.map(_extract_all, batches))
        seconds = time.perf_counter() - start
    return {"files": len(items), "reports_found": reports, "workers": workers, "seconds": seconds,
            "reports_per_s": len(items) / seconds, "ms_per_report": 1000 * seconds / len(items)}
