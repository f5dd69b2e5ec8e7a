"""`hmip run` as a user runs it: a child process over a raw folder into a warehouse, with its own
DAGSTER_HOME (telemetry off), measured for wall time, CPU time and peak memory; and the inputs for it:
sample or generated reports, and a one-report change for the incremental rerun.

What was published and how many reports were extracted again are read back from the run's output, the
warehouse's extraction cache and the Dagster instance. The pipeline's own logic does not belong here.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from bench.proc import measure_command
from bench.synthetic import write_reports

__all__ = ["write_reports"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "raw"
_PUBLISHED = re.compile(r"snapshot (\S+) published at")
_TELEMETRY_OFF = "telemetry:\n  enabled: false\n"
SAMPLE_S = 0.1  # how often the run's memory is sampled, for the peak per stage


def dagster_home(folder: Path) -> Path:
    """A DAGSTER_HOME like the project's (its dagster.yaml when there is one), telemetry off."""
    folder.mkdir(parents=True, exist_ok=True)
    project = ROOT / "dagster-instance.yaml"
    config = project.read_text() if project.exists() else ""
    if not re.search(r"^telemetry:\s*\n\s+enabled:\s*false", config, re.MULTILINE):
        config = _TELEMETRY_OFF + re.sub(r"(?ms)^telemetry:.*?(?=^\S|\Z)", "", config)
    (folder / "dagster.yaml").write_text(config)
    return folder


def prepare_raw(folder: Path, n: int, seed: int = 0) -> list[Path]:
    """The two sample reports when n is 2, else n generated reports."""
    folder.mkdir(parents=True, exist_ok=True)
    if n == 2:
        paths = []
        for sample in sorted(SAMPLES.glob("*.txt")):
            paths.append(Path(shutil.copy2(sample, folder / sample.name)))
        return paths
    return write_reports(folder, n, seed=seed)


def change_one(paths: list[Path]) -> Path:
    """Change one report's content the way a correction would: one more strength under the first list."""
    target = paths[len(paths) // 2]
    text = target.read_text(encoding="utf-8")
    marker = "Strengths:\n\n"
    at = text.index(marker) + len(marker)
    addition = "- The PDU had opened a second reporting centre shortly before the inspection.\n"
    target.write_text(text[:at] + addition + text[at:], encoding="utf-8")
    return target


def hmip_command() -> list[str]:
    script = Path(sys.executable).parent / "hmip"
    return [str(script)] if script.exists() else [sys.executable, "-m", "pipelines.cli"]


def run_hmip(raw: Path, warehouse: Path, home: Path) -> dict[str, Any]:
    env = {**os.environ, "DAGSTER_HOME": str(home)}
    cached_before = cache_rows(warehouse)
    extracted_before = _latest_extraction(home)
    started = time.time()
    measured = measure_command([*hmip_command(), "run", "--raw", str(raw), "--warehouse", str(warehouse)],
                               env=env, cwd=ROOT, sample_s=SAMPLE_S)
    published = _PUBLISHED.search(measured.stdout)
    result = {
        "wall_s": measured.wall_s, "cpu_s": measured.cpu_s, "cores_used": measured.cores_used,
        "max_rss_mib": measured.max_rss_mib, "exit_code": measured.returncode,
        "published": published.group(1) if published else None,
        "new_cache_rows": cache_rows(warehouse) - cached_before,
        # a rerun with nothing changed starts no Dagster run at all ("nothing to do"): nothing extracted
        "skipped": "nothing to do" in measured.stdout,
        "freshly_extracted": (freshly_extracted(home)
                              if _latest_extraction(home) != extracted_before else 0),
        "summary": measured.stdout.strip().splitlines()[-3:],
        "stages": stage_peaks(measured.samples, _steps(home, started)),
        **_last_run(warehouse),
    }
    if measured.returncode not in (0, 1):
        result["stderr_tail"] = measured.stderr.strip().splitlines()[-10:]
    return result


def stage_peaks(samples: list[tuple[float, float, float]],
                steps: list[tuple[str, float, float]]) -> list[dict[str, Any]]:
    """Per stage (start-up, each Dagster step, the end), its seconds and the peak sampled memory of the
    main process and of it with its children (the extraction pool)."""
    if not samples:
        return []
    first, last = samples[0][0], samples[-1][0]
    windows = [("start-up", first, steps[0][1] if steps else last)]
    windows += steps
    if steps:
        windows.append(("end", steps[-1][2], last))
    out = []
    for name, begin, end in windows:
        inside = ([s for s in samples if begin <= s[0] <= end]
                  or [min(samples, key=lambda s: abs(s[0] - begin))])
        out.append({"stage": name, "seconds": round(max(end - begin, 0.0), 2),
                    "peak_mib": round(max(s[1] for s in inside), 1),
                    "peak_with_workers_mib": round(max(s[2] for s in inside), 1)})
    return out


def _steps(home: Path, since: float) -> list[tuple[str, float, float]]:
    """(step, start, end) in epoch seconds of the latest Dagster run begun after `since`, in start order."""
    if not (home / "dagster.yaml").exists():
        return []
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs(limit=1)
        if not runs:
            return []
        run = runs[0]
        stats = instance.get_run_stats(run.run_id)
        if (stats.start_time or 0) < since - 1:
            return []  # no run this time (a skipped rerun)
        begun: dict[str, float] = {}
        ended: dict[str, float] = {}
        kinds = {dg.DagsterEventType.STEP_START, dg.DagsterEventType.STEP_SUCCESS,
                 dg.DagsterEventType.STEP_FAILURE}
        for kind in kinds:
            for entry in instance.all_logs(run.run_id, of_type=kind):
                (begun if kind == dg.DagsterEventType.STEP_START else ended)[entry.step_key] = entry.timestamp
    return sorted(((k, t, ended.get(k, t)) for k, t in begun.items()), key=lambda s: s[1])


def _last_run(warehouse: Path) -> dict[str, Any]:
    """The warehouse's last-run record: which run it was, its outcome and its quality verdict."""
    from pipelines.runs.last_run import read_last_run

    record = read_last_run(warehouse) or {}
    return {"last_run_id": record.get("run_id"), "outcome": record.get("outcome"),
            "verdict": record.get("verdict")}


def cache_rows(warehouse: Path) -> int:
    import duckdb

    db = warehouse / "warehouse.duckdb"
    if not db.exists():
        return 0
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT count(*) FROM information_schema.tables "
                            "WHERE table_name = 'extraction_cache'").fetchone()
        if not found or not found[0]:
            return 0
        row = con.execute("SELECT count(*) FROM staging.extraction_cache").fetchone()
        return int(row[0]) if row else 0


def _latest_extraction(home: Path) -> str | None:
    """Run id of the latest `extracted_reports` materialisation: tells whether a run materialised it."""
    if not (home / "dagster.yaml").exists():
        return None
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("extracted_reports"))
    return None if event is None else event.run_id


def freshly_extracted(home: Path) -> int | None:
    """The `freshly_extracted` metadata of the latest `extracted_reports` materialisation, if any."""
    import dagster as dg

    with dg.DagsterInstance.from_config(str(home)) as instance:
        event = instance.get_latest_materialization_event(dg.AssetKey("extracted_reports"))
    if event is None or event.asset_materialization is None:
        return None
    value = event.asset_materialization.metadata.get("freshly_extracted")
    return None if value is None else int(value.value)
