"""Done-when of issue 14, through a real `hmip run` on a tmp raw/ and warehouse: a web-page report whose
'Published:' line has no date (and whose markup gives none) and that has no provenance record is held back,
named, with that reason, while the other reports publish; once a provenance record beside it gives
`published`, it publishes under its real id, with its source_url, report_family and an issue saying where
its date came from. The page is the synthetic 2024 PDU fixture with its <time> element removed."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil

import pyarrow.parquet as pq
import pytest

from pipelines.sources.provenance import SourceRecord, write_record
from tests.extract.family_texts import pdu_2024
from tests.reliability.helpers import ROOT, dagster_home, hmip_run

URL = "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/sunderland-pdu/"


def _undated_page() -> bytes:
    data = pdu_2024.DATA
    data = data[: data.index(b"<time")] + data[data.index(b"</p>\n<p>The Probation"):]
    assert b"<p>Published: </p>" in data and b"datetime" not in data
    return data


@pytest.mark.slow
def test_an_undated_web_page_is_held_back_until_its_provenance_record_dates_it(tmp_path):
    raw, warehouse, home = tmp_path / "raw", tmp_path / "warehouse", dagster_home(tmp_path)
    raw.mkdir()
    shutil.copy(ROOT / "raw" / "wigan-pdu-2023-05.txt", raw)
    page = raw / "sunderland.html"
    page.write_bytes(_undated_page())

    first = hmip_run(raw, warehouse, home)
    assert first.returncode == 3, first.stdout + first.stderr  # wigan publishes; sunderland is held back
    quality = json.loads((warehouse / "last_run" / "quality.json").read_text())
    inputs = {i["name"]: i for i in quality["inputs"]}
    held = inputs["sunderland.html"]
    assert (held["status"], held["report_id"]) == ("held_back", "sunderland-pdu-undated")
    assert "no usable publication date: its 'Published:' line carries no date" in held["reason"]
    assert "no provenance record gives `published`" in held["reason"]
    assert quality["report_status"]["sunderland-pdu-undated"]["status"] == "held_back"
    published = {r["report_id"] for r in pq.read_table(warehouse / "latest" / "reports.parquet").to_pylist()}
    assert published == {"wigan-pdu-2023-05"}

    data = page.read_bytes()
    write_record(page, SourceRecord(url=URL, final_url=URL, retrieved_at="2025-03-01T08:00:00Z",
                                    http_status=200, sha256=hashlib.sha256(data).hexdigest(),
                                    bytes=len(data), content_type="text/html", published="2025-02-11"))
    second = hmip_run(raw, warehouse, home)
    assert second.returncode == 0, second.stdout + second.stderr
    rows = {r["report_id"]: r for r in pq.read_table(warehouse / "latest" / "reports.parquet").to_pylist()}
    assert set(rows) == {"wigan-pdu-2023-05", "sunderland-pdu-2025-02"}
    sunderland = rows["sunderland-pdu-2025-02"]
    assert (sunderland["publication_month"], sunderland["report_family"], sunderland["overall_rating"],
            sunderland["score"], sunderland["score_max"]) == (
        dt.date(2025, 2, 1), "pdu_2024", "Requires improvement", 6, 21)
    assert (sunderland["source_url"], sunderland["retrieved_at"]) == (URL, dt.datetime(2025, 3, 1, 8, 0))
    assert rows["wigan-pdu-2023-05"]["source_url"] is None
    issues = pq.read_table(warehouse / "latest" / "extraction_issues.parquet").to_pylist()
    (note,) = [i for i in issues if i["code"] == "publication_date_source"]
    assert note["report_id"] == "sunderland-pdu-2025-02" and "sunderland.html.source.json" in note["message"]
