"""The working store is disposable: a damaged warehouse.duckdb (its middle zeroed, or cut short) is moved
aside and rebuilt from raw/ by the next `hmip run` (a real process), which says so in its output and in
last_run/run.json, and publishes the same reports again; published snapshots are never touched."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from tests._fixtures.sample_run import published_sample_copy

from .helpers import assert_valid_snapshot, hmip_run, sha256_file

pytestmark = pytest.mark.slow


def _zero_middle(path: Path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(size // 3)
        handle.write(b"\0" * (size // 3))


def _truncate(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


@pytest.mark.parametrize("damage", [_zero_middle, _truncate], ids=["middle-zeroed", "truncated"])
def test_a_damaged_working_store_is_moved_aside_and_rebuilt(tmp_path: Path, tmp_path_factory, damage):
    # the first run on the samples is the suite's shared one (tests/_fixtures/sample_run.py), copied
    raw, warehouse, home, first = published_sample_copy(tmp_path_factory, tmp_path / "run")
    assert first.returncode == 0, first.stdout + first.stderr
    published = {p.name: sha256_file(p) for p in (warehouse / "latest").resolve().iterdir()}
    (raw / "wigan-pdu-2023-05.txt").write_text(  # a change, so the run does not stop at "nothing to do"
        (raw / "wigan-pdu-2023-05.txt").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    damage(warehouse / "warehouse.duckdb")

    second = hmip_run(raw, warehouse, home)
    out = second.stdout + second.stderr
    assert second.returncode == 0, out
    aside = [p.name for p in warehouse.iterdir() if p.name.startswith("warehouse.duckdb.corrupt-")]
    assert len(aside) == 1, sorted(p.name for p in warehouse.iterdir())
    assert "warning: the working store" in second.stdout and aside[0] in second.stdout
    assert "rebuilt from raw/" in second.stdout
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert record["outcome"] == "published"
    assert any(aside[0] in w for w in record["warnings"])
    assert_valid_snapshot(warehouse / "latest")
    ids = pq.read_table(warehouse / "latest" / "reports.parquet").column("report_id").to_pylist()
    assert sorted(ids) == ["tameside-pdu-2023-05", "wigan-pdu-2023-05"]
    first_snapshot = sorted((warehouse / "snapshots").iterdir())[0]
    assert {p.name: sha256_file(p) for p in first_snapshot.iterdir()} == published  # never touched
