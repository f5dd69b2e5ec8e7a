"""Run isolation: two `hmip run`s on two warehouses at once, under ONE DAGSTER_HOME, each publish exactly
the reports of their own raw folder (their intermediate outputs live in their own warehouse, not in the
home's storage/), repeated with different start offsets; and a snapshot step that finds the extracted
reports were not built from the raw folder this run scanned refuses to publish.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests._fixtures import warm_hmip

from .corpus import TAMESIDE, WIGAN, renamed
from .helpers import RUN_TIMEOUT, assert_valid_snapshot, dagster_home, env_with, hmip_run_args

# round -> warehouse -> (body replacing Wigan, body replacing Tameside); report ids written by hand
ROUNDS = [
    ({"a": ("Ashby", "Brixley"), "b": ("Cowden", "Dunmore")}, 0.0),
    ({"a": ("Elmfield", "Farleigh"), "b": ("Glenham", "Harwick")}, 1.5),
    ({"a": ("Ivybridge", "Jarrow"), "b": ("Kelso", "Lydney")}, 4.0),
]


def _fill(raw: Path, wigan_as: str, tameside_as: str) -> None:
    raw.mkdir(parents=True, exist_ok=True)
    for old in raw.iterdir():
        old.unlink()
    (raw / f"{wigan_as.lower()}.txt").write_text(renamed(WIGAN, "Wigan", wigan_as), encoding="utf-8")
    (raw / f"{tameside_as.lower()}.txt").write_text(renamed(TAMESIDE, "Tameside", tameside_as),
                                                    encoding="utf-8")


def _start(tmp_path: Path, name: str, home: Path) -> warm_hmip.WarmProcess:
    """`hmip run` as a process of its own, forked from a warm interpreter (tests/_fixtures/warm_hmip.py)."""
    args = hmip_run_args(tmp_path / f"raw-{name}", tmp_path / f"wh-{name}")
    return warm_hmip.start(args, env=env_with(home), text=True)


def _latest_reports(warehouse: Path) -> set[str]:
    assert_valid_snapshot(warehouse / "latest")
    return set(pq.read_table(warehouse / "latest" / "reports.parquet").column("report_id").to_pylist())


@pytest.mark.slow
def test_concurrent_runs_on_two_warehouses_under_one_home_publish_only_their_own(tmp_path: Path):
    home = dagster_home(tmp_path)
    for bodies, offset in ROUNDS:
        for name, (wigan_as, tameside_as) in bodies.items():
            _fill(tmp_path / f"raw-{name}", wigan_as, tameside_as)
        first = _start(tmp_path, "a", home)
        time.sleep(offset)
        second = _start(tmp_path, "b", home)
        outs = {"a": first.communicate(timeout=RUN_TIMEOUT), "b": second.communicate(timeout=RUN_TIMEOUT)}
        assert first.returncode == 0, outs["a"]
        assert second.returncode == 0, outs["b"]
        for name, (wigan_as, tameside_as) in bodies.items():
            expected = {f"{wigan_as.lower()}-pdu-2023-05", f"{tameside_as.lower()}-pdu-2023-05"}
            assert _latest_reports(tmp_path / f"wh-{name}") == expected, (offset, outs[name])
    assert not (home / "storage" / "raw_files").exists()  # nothing of a run's outputs in the shared home
    assert not (home / "storage" / "extracted_reports").exists()


def test_snapshot_refuses_reports_not_built_from_the_scanned_raw_folder(tmp_path: Path, monkeypatch):
    from pipelines.defs import assets
    from pipelines.defs.runner import run_pipeline

    raw, warehouse = tmp_path / "raw", tmp_path / "wh"
    _fill(raw, "Ashby", "Brixley")
    assert run_pipeline(raw, warehouse).exit_code == 0
    before = (warehouse / "latest").readlink()
    _fill(raw, "Cowden", "Dunmore")
    calls: list[str] = []
    real = assets.run_fingerprint

    def drifting(files, version):  # the extraction step sees other files than the scan recorded
        calls.append(version)
        return real(files, version) + ("-scan" if len(calls) == 1 else "")

    monkeypatch.setattr(assets, "run_fingerprint", drifting)
    summary = run_pipeline(raw, warehouse)
    assert summary.exit_code == 1
    assert "refused to publish" in summary.error and "not built from the raw folder" in summary.error
    assert (warehouse / "latest").readlink() == before
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert record["outcome"] == "failed" and "refused to publish" in record["cause"]
    assert summary.render().startswith("run failed: refused to publish")
    assert _latest_reports(warehouse) == {"ashby-pdu-2023-05", "brixley-pdu-2023-05"}
