"""The daily schedule with a sources list: it cannot know without asking the web whether a report changed,
and an evaluation does no network I/O, so it always requests the daily job (whose fetch step decides);
without a list it still skips a day on which raw/ is unchanged."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from pipelines.defs.resources import RawFolderResource, SourcesListResource, WarehouseResource
from pipelines.defs.schedules import build_daily_schedule
from pipelines.extract import EXTRACTOR_VERSION
from pipelines.inputs.inventory import scan_raw
from pipelines.runs.freshness import run_fingerprint
from tests.fixtures.manifests import publish_fake_latest


def _evaluate(raw: Path, warehouse: Path, sources: Path):
    schedule = build_daily_schedule(dg.define_asset_job("hmip_daily_run"))
    resources = {"raw": RawFolderResource(path=str(raw)), "warehouse": WarehouseResource(path=str(warehouse)),
                 "sources": SourcesListResource(path=str(sources))}
    with dg.build_schedule_context(resources=resources) as context:
        tick = schedule.evaluate_tick(context)
    return list(tick.run_requests or []), tick.skip_message


def test_with_a_sources_list_the_schedule_always_requests_the_daily_job(tmp_path):
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    raw.mkdir()
    (raw / "a.txt").write_text("report a", encoding="utf-8")
    publish_fake_latest(warehouse, "2026-12-01.1", run_fingerprint(scan_raw(raw), EXTRACTOR_VERSION))
    requests, skipped = _evaluate(raw, warehouse, tmp_path / "no-sources.csv")
    assert requests == [] and "2026-12-01.1" in skipped  # unchanged, nothing to fetch: skipped
    listed = tmp_path / "sources.csv"
    listed.write_text("family,title_or_body,published,url\npdu,A,,https://example.org/a/\n", encoding="utf-8")
    requests, skipped = _evaluate(raw, warehouse, listed)
    assert len(requests) == 1 and skipped is None
