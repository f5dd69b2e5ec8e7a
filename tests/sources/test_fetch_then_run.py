"""`hmip fetch` then `hmip run`, as an operator uses them: the fetched report publishes its `source_url`
and `retrieved_at`, a report dropped in by hand publishes NULLs, the manifest's inputs carry them; and the
daily job fetches the sources list first and runs no further when nothing changed. Served from 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines.cli import main
from tests.reliability.helpers import ROOT, dagster_home, hmip_run
from tests.sources.server import ReportServer, Route

WIGAN = (ROOT / "raw" / "wigan-pdu-2023-05.txt").read_bytes()
PAGE_PATH = "/hmiprobation/inspections/wigan-pdu/"


def _serve_wigan(server: ReportServer) -> str:
    server.routes[PAGE_PATH] = Route(WIGAN, "text/plain; charset=utf-8", etag='"w1"')
    return server.url(PAGE_PATH)


def _sources(path: Path, url: str) -> Path:
    path.write_text(f"family,title_or_body,published,url\npdu,Wigan PDU,2023-05-18,{url}\n", encoding="utf-8")
    return path


def _materialised(result) -> set[str]:
    return {e.event_specific_data.materialization.asset_key.to_user_string()
            for e in result.get_asset_materialization_events()}


def _reports(warehouse: Path) -> dict[str, tuple]:
    table = pq.read_table(warehouse / "latest" / "reports.parquet").to_pylist()
    return {r["report_id"]: (r["source_url"], r["retrieved_at"]) for r in table}


def test_fetch_saves_what_it_can_names_what_it_cannot_and_extract_prints_the_source(server, tmp_path, capsys):
    url = _serve_wigan(server)
    raw = tmp_path / "raw"
    code = main(["fetch", url, "file:///etc/passwd", "--raw", str(raw),
                 "--sources", str(_sources(tmp_path / "sources.csv", url))])
    out, err = capsys.readouterr()
    assert code == 1
    assert "failed: file:///etc/passwd: only http and https URLs are fetched, not the file: scheme" in err
    (saved,) = [p for p in raw.iterdir() if p.suffix == ".txt"]
    assert f"downloaded: {url}: saved {saved.name}" in out
    record = json.loads(saved.with_name(saved.name + ".source.json").read_text())
    assert record["published"] == "2023-05-18" and record["url"] == url
    assert main(["fetch", url, "--raw", str(raw)]) == 0
    assert "unchanged: " in capsys.readouterr().out and server.full_responses[PAGE_PATH] == 1
    main(["extract", str(saved)])
    out = capsys.readouterr().out
    assert f"  source_url: {url}\n" in out and f"  retrieved_at: {record['retrieved_at']}\n" in out


@pytest.mark.slow
def test_hmip_run_publishes_the_source_url_of_a_fetched_report(server, tmp_path):
    url = _serve_wigan(server)
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    assert main(["fetch", url, "--raw", str(raw), "--sources", str(tmp_path / "none.csv")]) == 0
    shutil.copy(ROOT / "raw" / "tameside-pdu-2023-05.txt", raw)  # dropped in by hand
    result = hmip_run(raw, warehouse, dagster_home(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    published = _reports(warehouse)
    assert published["tameside-pdu-2023-05"] == (None, None)
    source_url, retrieved_at = published["wigan-pdu-2023-05"]
    assert source_url == url
    assert before <= retrieved_at <= dt.datetime.now(dt.UTC).replace(tzinfo=None)
    manifest = json.loads((warehouse / "latest" / "datapackage.json").read_text())
    inputs = {i["name"]: i for i in manifest["inputs"]}
    assert inputs["tameside-pdu-2023-05.txt"]["source_url"] is None
    (fetched,) = [i for i in inputs.values() if i["source_url"]]
    assert fetched["source_url"] == url and fetched["status"] == "published"
    assert fetched["retrieved_at"].endswith("Z")
    assert "retrieved_at" in {f["name"] for r in manifest["resources"] if r["name"] == "reports"
                              for f in r["schema"]["fields"]}


@pytest.mark.slow
def test_the_daily_job_fetches_first_and_stops_when_nothing_changed(server, tmp_path, monkeypatch):
    import dagster as dg

    from pipelines.definitions import DAILY_JOB_NAME, JOB_NAME, build_definitions

    url = _serve_wigan(server)
    raw, warehouse = tmp_path / "raw", tmp_path / "warehouse"
    monkeypatch.setenv("HMIP_SOURCES", str(_sources(tmp_path / "sources.csv", url)))
    defs = build_definitions(str(raw), str(warehouse))
    assert "fetched_sources" not in {k.to_user_string() for k in defs.resolve_job_def(JOB_NAME).asset_layer
                                     .selected_asset_keys}
    with dg.DagsterInstance.ephemeral() as instance:
        first = defs.resolve_job_def(DAILY_JOB_NAME).execute_in_process(instance=instance)
        assert first.success
        assert _reports(warehouse)["wigan-pdu-2023-05"][0] == url
        second = defs.resolve_job_def(DAILY_JOB_NAME).execute_in_process(instance=instance)
    assert second.success and server.full_responses[PAGE_PATH] == 1
    assert {"fetched_sources", "raw_files", "reports", "snapshot"} <= _materialised(first)
    assert _materialised(second) == set()  # the fetch found nothing new: no output, the rest skipped
