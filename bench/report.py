"""Turn raw benchmark measurements into ratios to the floor, target verdicts and a printed table.

Pure functions over the results dictionary; measuring belongs in the other bench modules.
"""

from __future__ import annotations

import math
from typing import Any

GIB_MIB = 1024.0
EXTRACTION_TARGET = 500.0  # reports per second per core
# issue 17's targets, against the floor measured in the same run
SMALL_RUN_RATIO = 1.6  # the two sample reports: at most this times the floor
FULL_RUN_SLACK_S = 10.0  # 1,000 reports: at most the floor plus this
FULL_RUN_PEAK_MIB = 600.0
HUGE_RUN_PEAK_MIB = GIB_MIB  # 10,000 reports
RERUN_SLACK_S = 2.0


def add_ratios(results: dict[str, Any]) -> None:
    """Every run and extraction figure also as a ratio to the floor measured in the same run."""
    imp = results["floor"]["import"]
    for run in results["runs"].values():
        regex_s = results["floor"]["regex"][str(run["reports"])]["seconds"]
        run["floor_s"] = imp["wall_s"] + regex_s
        run["wall_to_floor"] = run["wall_s"] / run["floor_s"]
        run["over_import_floor_s"] = run["wall_s"] - imp["wall_s"]
        run["rss_to_floor"] = run["max_rss_mib"] / imp["max_rss_mib"]
        # CPU seconds are steadier than wall time on a shared machine: the same ratio on CPU time.
        run["cpu_floor_s"] = imp["cpu_s"] + regex_s
        run["cpu_to_floor"] = run["cpu_s"] / run["cpu_floor_s"]
        run["cpu_over_import_floor_s"] = run["cpu_s"] - imp["cpu_s"]
    for name, ext in results["extraction"].items():
        regex = results["floor"]["regex"].get(ext["floor_key"])
        if regex:
            ext["ms_per_report_floor"] = 1000 * regex["seconds"] / regex["files"]
            ext["to_floor"] = ext["ms_per_report"] / ext["ms_per_report_floor"]
        results["extraction"][name] = ext


def growth_exponent(runs: dict[str, Any]) -> float | None:
    """How cost above the import floor grows with reports between the two largest fresh runs:
    1.0 is linear, below 1 better than linear."""
    fresh = sorted((r for r in runs.values() if r["scenario"] == "fresh" and r["reports"] > 2),
                   key=lambda r: r["reports"])
    if len(fresh) < 2:
        return None
    small, big = fresh[-2], fresh[-1]
    a, b = max(small["over_import_floor_s"], 1e-3), max(big["over_import_floor_s"], 1e-3)
    return math.log(b / a) / math.log(big["reports"] / small["reports"])


def targets(results: dict[str, Any], rerun_size: int) -> list[dict[str, Any]]:
    cpu = results["floor"]["import"]["cpu_s"]
    runs, ext = results["runs"], results["extraction"]
    out = []

    def add(name: str, target: str, measured: Any, met: bool | None) -> None:
        out.append({"name": name, "target": target, "measured": measured, "met": met})

    gen = ext.get("generated")
    if gen:
        add("extraction per core", f">= {EXTRACTION_TARGET:.0f} reports/s", round(gen["reports_per_s"], 1),
            gen["reports_per_s"] >= EXTRACTION_TARGET)
    pool = ext.get("pool")
    if pool and gen:
        speedup = pool["reports_per_s"] / gen["reports_per_s"]
        add(f"extraction on {pool['workers']} processes", f"> 1.5x one core ({pool['workers']} cores)",
            round(speedup, 2), speedup > 1.5 if pool["workers"] > 1 else None)
    small = runs.get("fresh_2")
    if small:
        add("2 reports", f"<= {SMALL_RUN_RATIO} x floor ({SMALL_RUN_RATIO * small['floor_s']:.1f} s)",
            f"{small['wall_s']:.2f} s = {small['wall_to_floor']:.2f} x",
            small["wall_to_floor"] <= SMALL_RUN_RATIO and small["exit_code"] == 0)
    full = runs.get(f"fresh_{rerun_size}")
    if full:
        add(f"full run at {rerun_size}", f"<= floor + {FULL_RUN_SLACK_S:.0f} s "
            f"({full['floor_s'] + FULL_RUN_SLACK_S:.1f} s)", round(full["wall_s"], 2),
            full["wall_s"] <= full["floor_s"] + FULL_RUN_SLACK_S and full["exit_code"] == 0)
        add(f"full run at {rerun_size} (CPU)", f"<= CPU floor + {FULL_RUN_SLACK_S:.0f} s "
            f"({full['cpu_floor_s'] + FULL_RUN_SLACK_S:.1f} s)", round(full["cpu_s"], 2),
            full["cpu_s"] <= full["cpu_floor_s"] + FULL_RUN_SLACK_S)
        add(f"peak memory at {rerun_size}", f"<= {FULL_RUN_PEAK_MIB:.0f} MiB", round(full["max_rss_mib"], 1),
            full["max_rss_mib"] <= FULL_RUN_PEAK_MIB)
    huge = runs.get("fresh_10000")
    if huge:
        add("peak memory at 10000", f"<= {HUGE_RUN_PEAK_MIB:.0f} MiB", round(huge["max_rss_mib"], 1),
            huge["max_rss_mib"] <= HUGE_RUN_PEAK_MIB and huge["exit_code"] == 0)
        base = runs.get("fresh_1000")
        if base:
            grown = huge["wall_s"] - huge["floor_s"]
            allowed = 10 * max(base["wall_s"] - base["floor_s"], 0.0)
            add("wall above floor 1000 -> 10000", f"at most linear (<= 10 x {allowed / 10:.1f} s = "
                f"{allowed:.1f} s)", round(grown, 2), grown <= allowed and huge["exit_code"] == 0)
    same = runs.get(f"nochange_{rerun_size}")
    if same:
        add("no-change rerun", f"<= floor + {RERUN_SLACK_S:.0f} s ({same['floor_s'] + RERUN_SLACK_S:.1f} s)",
            round(same["wall_s"], 2), same["wall_s"] <= same["floor_s"] + RERUN_SLACK_S)
        add("no-change rerun (CPU)",
            f"<= import floor CPU + {RERUN_SLACK_S:.0f} s ({cpu + RERUN_SLACK_S:.1f} s)",
            round(same["cpu_s"], 2), same["cpu_s"] <= cpu + RERUN_SLACK_S)
        add("no-change rerun publishes nothing", "no snapshot, 0 extracted",
            f"published={same['published']}, extracted={_extracted(same)}",
            same["published"] is None and _extracted(same) == 0 and same["exit_code"] == 0)
    one = runs.get(f"onechanged_{rerun_size}")
    if one:
        add("one-changed rerun", "re-extracts 1 report, publishes", f"extracted={_extracted(one)}, "
            f"published={one['published']}", _extracted(one) == 1 and one["published"] is not None)
    exponent = growth_exponent(runs)
    if exponent is not None:
        add("cost growth", "linear or better (exponent <= 1.1)", round(exponent, 2), exponent <= 1.1)
    return out


def _extracted(run: dict[str, Any]) -> int:
    fresh = run.get("freshly_extracted")
    return run["new_cache_rows"] if fresh is None else fresh


def render(results: dict[str, Any]) -> str:
    floor = results["floor"]["import"]
    lines = [f"floor: fresh Python importing dagster, great_expectations, duckdb, pyarrow: "
             f"{floor['wall_s']:.2f} s wall, {floor['cpu_s']:.2f} s CPU, {floor['max_rss_mib']:.0f} MiB"]
    for key, regex in results["floor"]["regex"].items():
        label = key.removeprefix("ext:") + (" (extraction set)" if key.startswith("ext:") else "")
        lines.append(f"floor: read {regex['files']} files + one regex pass [{label}]: "
                     f"{regex['seconds'] * 1000:.1f} ms ({regex['reports_per_s']:.0f} reports/s)")
    lines.append("")
    lines.append(f"{'extraction':<26}{'reports':>8}{'reports/s':>11}{'ms/report':>11}{'x floor':>9}")
    for name, ext in results["extraction"].items():
        lines.append(f"{name:<26}{ext['files']:>8}{ext['reports_per_s']:>11.1f}{ext['ms_per_report']:>11.3f}"
                     f"{ext.get('to_floor', float('nan')):>9.1f}")
    lines.append("")
    lines.append(f"{'hmip run':<18}{'reports':>8}{'wall s':>9}{'x floor':>8}{'-import':>9}{'CPU s':>8}"
                 f"{'x floor':>8}{'MiB':>6}{'x floor':>8}{'cores':>6}{'extracted':>10}  published")
    for name, run in results["runs"].items():
        lines.append(
            f"{name:<18}{run['reports']:>8}{run['wall_s']:>9.2f}{run['wall_to_floor']:>8.2f}"
            f"{run['over_import_floor_s']:>9.2f}{run['cpu_s']:>8.2f}{run['cpu_to_floor']:>8.2f}"
            f"{run['max_rss_mib']:>6.0f}{run['rss_to_floor']:>8.2f}"
            f"{run['cores_used']:>6.2f}{_extracted(run):>10}  {run['published'] or '-'}"
            + ("" if run["exit_code"] == 0 else f"  (exit {run['exit_code']})"))
    staged = [(name, run) for name, run in results["runs"].items() if run.get("stages")]
    if staged:
        lines.append("")
        lines.append("peak memory per stage (MiB, main process / with the extraction workers; seconds)")
        for name, run in staged:
            parts = [f"{st['stage']} {st['peak_mib']:.0f}/{st['peak_with_workers_mib']:.0f} "
                     f"({st['seconds']:.1f} s)" for st in run["stages"]]
            lines.append(f"  {name}: " + ", ".join(parts))
    lines.append("")
    lines.append(f"{'target':<36}{'goal':<46}{'measured':<36} met")
    for t in results["targets"]:
        verdict = {True: "yes", False: "NO", None: "n/a"}[t["met"]]
        lines.append(f"{t['name']:<36}{t['target']:<46}{str(t['measured']):<36} {verdict}")
    return "\n".join(lines)
