"""Shared helpers of the reliability tests: a temporary Dagster home, running `hmip` as a process, and
checking that a published snapshot is complete (every file the manifest lists, with its sha256)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests._fixtures import warm_hmip

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "raw"
HMIP = [sys.executable, "-m", "pipelines.cli"]
GUARDED_RUN = Path(__file__).with_name("guarded_run.py")
RUN_TIMEOUT = 300  # seconds for one `hmip run` on a busy machine


def dagster_home(base: Path) -> Path:
    """A DAGSTER_HOME with the project's dagster.yaml (run queue of one, warehouse pool) and no telemetry."""
    home = base / "dagster_home"
    home.mkdir(parents=True, exist_ok=True)
    config = (ROOT / "dagster-instance.yaml").read_text()
    assert "telemetry:\n  enabled: false" in config
    (home / "dagster.yaml").write_text(config)
    return home


def env_with(home: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "DAGSTER_HOME": str(home), **extra}


def hmip_run_args(raw: Path, warehouse: Path) -> list[str]:
    return ["run", "--raw", str(raw), "--warehouse", str(warehouse)]


def hmip_run_command(raw: Path, warehouse: Path) -> list[str]:
    return [*HMIP, *hmip_run_args(raw, warehouse)]


def hmip_run(raw: Path, warehouse: Path, home: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """`hmip run` as a process of its own, forked from a warm interpreter (tests/_fixtures/warm_hmip.py)."""
    return warm_hmip.run(hmip_run_args(raw, warehouse), env=env_with(home, **extra_env), timeout=RUN_TIMEOUT)


def fresh_hmip_run(raw: Path, warehouse: Path, home: Path, **extra_env: str) -> subprocess.CompletedProcess:
    """`hmip run` in a fresh interpreter: for what start-up itself decides (warnings printed on import)."""
    return subprocess.run(hmip_run_command(raw, warehouse), cwd=ROOT, env=env_with(home, **extra_env),
                          capture_output=True, text=True, timeout=RUN_TIMEOUT)


def project_copy(base: Path) -> Path:
    """A copy of the project's code, expectations and lock file under `base`, to run (cwd and PYTHONPATH)
    with its expectations/ edited."""
    project = base / "project"
    shutil.copytree(ROOT / "pipelines", project / "pipelines",
                    ignore=shutil.ignore_patterns("__pycache__", "_expectations"))
    shutil.copytree(ROOT / "expectations", project / "expectations")
    shutil.copy(ROOT / "uv.lock", project / "uv.lock")
    return project


def sha256_file(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def group_members(pgid: int) -> set[int]:
    """Every process of the process group, zombies included."""
    members = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getpgid(int(entry.name)) == pgid:
                    members.add(int(entry.name))
            except OSError:
                continue
    return members


def alive(pids: set[int]) -> set[int]:
    """The processes that still run: not gone, and not zombies (exited, waiting to be reaped)."""
    running = set()
    for pid in pids:
        try:
            state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            running.add(pid)
    return running


def leftovers(warehouse: Path) -> list[str]:
    """What an interrupted publish leaves behind."""
    if not warehouse.is_dir():
        return []
    return sorted(p.name for p in warehouse.iterdir() if p.name.startswith(".tmp-") or p.name == "latest.tmp")


def assert_valid_snapshot(snapshot: Path) -> dict:
    """The snapshot folder is complete: its manifest lists every table file, each with the sha256, size and
    row count it really has, plus the quality report, diff and changes. Returns the manifest."""
    import pyarrow.parquet as pq

    from pipelines.schema import TABLES

    manifest = json.loads((snapshot / "datapackage.json").read_text(encoding="utf-8"))
    listed = {r["path"] for r in manifest["resources"]}
    assert len(listed) == len(manifest["resources"]) == len(TABLES)
    for resource in manifest["resources"]:
        path = snapshot / resource["path"]
        assert sha256_file(path) == resource["sha256"], f"{path} does not match its manifest hash"
        assert path.stat().st_size == resource["file_bytes"]
        assert pq.read_metadata(path).num_rows == resource["rows"]
    extra = {"datapackage.json", "quality.json", "quality.html", "diff.json", "CHANGES.md", "index.html",
             "data-dictionary.md"}
    assert {p.name for p in snapshot.iterdir()} == listed | extra
    for name in ("quality.json", "diff.json"):
        json.loads((snapshot / name).read_text(encoding="utf-8"))
    assert (snapshot / "quality.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    return manifest


def assert_latest_valid_or_absent(warehouse: Path) -> str | None:
    """`latest` is absent (nothing ever published) or a link to a complete snapshot; its version."""
    latest = warehouse / "latest"
    if not latest.is_symlink():
        assert not latest.exists(), "latest exists but is not a link"
        return None
    target = os.readlink(latest)
    assert target.startswith("snapshots/"), target
    manifest = assert_valid_snapshot(latest)
    assert manifest["version"] == Path(target).name
    return manifest["version"]
