"""`python -m bench.run`: the benchmark behind `make bench`. Prints a table and writes bench/results.json.

Measures, in one run: the floor (a fresh Python importing the heavy libraries; reading every file with one
regex pass), extraction throughput on the samples and on generated reports (one core, and a process pool
over every core), and `hmip run` wall time and peak memory at 2, 100 and 1,000 reports (10,000 with
--huge), plus at the rerun size a rerun with nothing changed and one with a single report changed.
--smoke does all of it at 10 reports, for CI. Orchestration only; the measuring is in the other modules.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench import extraction, floor, pipeline, report

DEFAULT_OUT = Path(__file__).resolve().parent / "results.json"


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    sizes = [10] if args.smoke else sorted({int(s) for s in args.sizes.split(",")} | ({10_000} if args.huge
                                                                                       else set()))
    rerun_size = 10 if args.smoke else min(sizes, key=lambda n: abs(n - 1000))
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="hmip-bench-"))
    try:
        results = measure(work, sizes, rerun_size, smoke=args.smoke, keep=args.keep)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(report.render(results))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, sort_keys=False, default=str) + "\n")
    print(f"\nwrote {out}")
    return 0


def measure(work: Path, sizes: list[int], rerun_size: int, smoke: bool, keep: bool = False) -> dict[str, Any]:
    results: dict[str, Any] = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform(), "smoke": smoke},
        "sizes": sizes, "rerun_size": rerun_size,
        "floor": {"import": floor.import_floor(repeat=1 if smoke else 3), "regex": {}},
        "extraction": {}, "runs": {},
    }
    _progress(f"import floor {results['floor']['import']['wall_s']:.2f} s")
    _extraction(work, results, smoke)
    for n in sizes:
        raw = work / f"raw-{n}"
        paths = pipeline.prepare_raw(raw, n)
        results["floor"]["regex"][str(n)] = floor.regex_floor(paths)
        home = pipeline.dagster_home(work / f"home-{n}")
        warehouse = work / f"warehouse-{n}"
        _run(results, "fresh", n, pipeline.run_hmip(raw, warehouse, home))
        if n == rerun_size:
            _run(results, "nochange", n, pipeline.run_hmip(raw, warehouse, home))
            pipeline.change_one(paths)
            _run(results, "onechanged", n, pipeline.run_hmip(raw, warehouse, home))
        if not keep:
            shutil.rmtree(raw, ignore_errors=True)
            shutil.rmtree(warehouse, ignore_errors=True)
    report.add_ratios(results)
    results["targets"] = report.targets(results, rerun_size)
    return results


def _extraction(work: Path, results: dict[str, Any], smoke: bool) -> None:
    n_generated, n_pool = (10, 40) if smoke else (300, 2000)
    sets = {
        "samples": (sorted(pipeline.SAMPLES.glob("*.txt")), 5 if smoke else 50),
        "generated": (pipeline.write_reports(work / "ext-clean", n_generated, seed=50_000), 3),
        "generated_damaged": (pipeline.write_reports(work / "ext-damaged", n_generated, seed=50_000,
                                                     damage=True), 3),
    }
    for name, (paths, repeat) in sets.items():
        results["floor"]["regex"][f"ext:{name}"] = floor.regex_floor(paths)
        results["extraction"][name] = {**extraction.serial(paths, repeat), "floor_key": f"ext:{name}"}
        _progress(f"extraction {name}: {results['extraction'][name]['reports_per_s']:.0f} reports/s")
    pool_paths = pipeline.write_reports(work / "ext-pool", n_pool, seed=60_000)
    results["floor"]["regex"]["ext:pool"] = floor.regex_floor(pool_paths)
    results["extraction"]["pool"] = {**extraction.pooled(pool_paths), "floor_key": "ext:pool"}
    _progress(f"extraction pool: {results['extraction']['pool']['reports_per_s']:.0f} reports/s")


def _run(results: dict[str, Any], scenario: str, n: int, run: dict[str, Any]) -> None:
    results["runs"][f"{scenario}_{n}"] = {"scenario": scenario, "reports": n, **run}
    _progress(f"hmip run {scenario} {n}: {run['wall_s']:.2f} s, {run['max_rss_mib']:.0f} MiB, "
              f"exit {run['exit_code']}")


def _progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2,100,1000",
                        help="report counts for hmip run (default 2,100,1000)")
    parser.add_argument("--huge", action="store_true", help="also run at 10,000 reports")
    parser.add_argument("--smoke", action="store_true", help="everything at 10 reports, for CI")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="results file (default bench/results.json)")
    parser.add_argument("--workdir", help="keep inputs and warehouses here instead of a temporary folder")
    parser.add_argument("--keep", action="store_true", help="do not delete the working folder")
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main())
