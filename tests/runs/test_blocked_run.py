"""A table-level failure (here: two recommendations with one number, breaking the table's key) blocks the
whole snapshot through the real Dagster job: the snapshot step does not run, `latest` stays as it was,
and the run still leaves its quality report in last_run/ saying it was blocked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipelines.defs.runner import run_pipeline
from pipelines.warehouse import stream

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture()
def warehouse_with_latest(tmp_path, monkeypatch):
    monkeypatch.delenv("DAGSTER_HOME", raising=False)  # an ephemeral instance
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw", raw)
    warehouse = tmp_path / "warehouse"
    first = run_pipeline(raw, warehouse)
    assert first.exit_code == 0 and first.snapshot["published"]
    return raw, warehouse, first.snapshot["version"]


def test_duplicate_keys_block_the_snapshot_and_latest_stays(warehouse_with_latest, monkeypatch):
    raw, warehouse, version = warehouse_with_latest
    real = stream.prepared  # how the run prepares each extraction, as resolved and as loaded

    def with_a_repeated_recommendation(extraction, raw):
        extraction = real(extraction, raw)
        if extraction.report_id == "wigan-pdu-2023-05" and "recommendations" in extraction.rows:
            recs = extraction.rows["recommendations"]
            recs.append({**recs[0], "text": "a second recommendation numbered 1"})
        return extraction

    monkeypatch.setattr(stream, "prepared", with_a_repeated_recommendation)
    summary = run_pipeline(raw, warehouse)

    assert summary.exit_code == 1
    assert "recommendations.key_is_unique" in summary.blocking_failed
    assert summary.snapshot == {}  # the snapshot step never ran
    assert (warehouse / "latest").resolve().name == version
    assert [p.name for p in (warehouse / "snapshots").iterdir()] == [version]
    record = json.loads((warehouse / "last_run" / "run.json").read_text())
    assert (record["outcome"], record["verdict"], record["latest_version"]) == ("blocked", "blocked", version)
    page = (warehouse / "last_run" / "quality.html").read_text()
    assert 'data-verdict="blocked"' in page and "key_is_unique" in page
    assert summary.quality_report.endswith("last_run/quality.html")
