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
from pathlib import Path
from typing import Any

from bench.proc import measure_command
from bench.synthetic import write_reports

__all__ = ["write_reports"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "raw"
_PUBLISHED = re.compile(r"snapshot (\S+) published at")
_TELEMETRY_OFF = "telemetry:\n  enabled: false\n"


def dagster_home(folder: Path) -> Path:
    """A DAGSTER_HOME like the project's (its dagster.yaml when there is one), telemetry off."""
    folder.mkdir(parents=True, exist_ok=True)
    project = ROOT / "dagster.yaml"
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
    measured = measure_command([*hmip_command(), "run", "--raw", str(raw), "--warehouse", str(warehouse)],
                               env=env, cwd=ROOT)
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
        **_last_run(warehouse),
    }
    if measured.returncode not in (0, 1):
        result["stderr_tail"] = measured.stderr.strip().splitlines()[-10:]
    return result


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
