"""A provenance record in raw/: read with its file (never an input itself), refusing the file when it is
malformed or describes other bytes, part of the run fingerprint, and loaded into `reports`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

from pipelines.extract.model import Extraction
from pipelines.inputs.inventory import fingerprint, scan_raw
from pipelines.runs.freshness import run_fingerprint
from pipelines.warehouse.load import load_tables

TEXT = b"An inspection report\n"  # 21 bytes
SHA = "c24a43793bd2d6e80d6565c0cd3c32a458a8561d952ee2df579d1df004f7a5ba"  # of TEXT


def _record(**changes: object) -> dict:
    record = {"url": "https://example.org/anytown/", "final_url": "https://example.org/anytown.txt",
              "retrieved_at": "2026-12-02T04:30:05Z", "http_status": 200, "etag": '"1"',
              "last_modified": None, "content_type": "text/plain", "sha256": SHA, "bytes": 21,
              "published": "2025-02-18"}
    return {**record, **changes}



def _raw(tmp_path: Path, record: dict | str | None) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir(parents=True)
    (raw / "anytown.txt").write_bytes(TEXT)
    if record is not None:
        text = record if isinstance(record, str) else json.dumps(record)
        (raw / "anytown.txt.source.json").write_text(text, encoding="utf-8")
    return raw


def test_the_record_is_read_with_its_file_and_is_not_an_input(tmp_path):
    raw = _raw(tmp_path, _record())
    (raw / "gone.pdf.source.json").write_text(json.dumps(_record()), encoding="utf-8")  # its file removed
    files = scan_raw(raw)
    assert [f.name for f in files] == ["anytown.txt"]
    assert files[0].sha256 == SHA and files[0].refusal is None
    assert files[0].source.url == "https://example.org/anytown/"
    assert files[0].source.retrieved_datetime == dt.datetime(2026, 12, 2, 4, 30, 5)


def test_a_file_without_a_record_has_no_source(tmp_path):
    files = scan_raw(_raw(tmp_path, None))
    assert files[0].source is None and files[0].refusal is None


def test_a_malformed_record_refuses_its_file_naming_the_record(tmp_path):
    files = scan_raw(_raw(tmp_path, "{not json"))
    assert files[0].refusal.code == "bad_provenance"
    assert files[0].refusal.message.startswith("anytown.txt: its provenance record anytown.txt.source.json: ")
    files = scan_raw(_raw(tmp_path / "b", _record(retrieved_at="yesterday")))
    assert files[0].refusal.code == "bad_provenance" and "malformed" in files[0].refusal.message
    files = scan_raw(_raw(tmp_path / "c", {"url": "https://example.org/"}))
    assert "has no final_url, retrieved_at, http_status, sha256, bytes" in files[0].refusal.message


def test_a_record_of_other_bytes_refuses_its_file(tmp_path):
    files = scan_raw(_raw(tmp_path, _record(sha256="0" * 64)))
    assert files[0].refusal.code == "stale_provenance"
    assert "changed by hand" in files[0].refusal.message


def test_a_changed_record_changes_the_fingerprint(tmp_path):
    raw = _raw(tmp_path, _record())
    before = scan_raw(raw)
    corrected = json.dumps(_record(published="2025-02-19"))
    (raw / "anytown.txt.source.json").write_text(corrected, encoding="utf-8")
    after = scan_raw(raw)
    assert before[0].sha256 == after[0].sha256
    assert run_fingerprint(before, "1", code="c") != run_fingerprint(after, "1", code="c")
    assert fingerprint(before) != fingerprint(after)
    (raw / "anytown.txt.source.json").unlink()
    assert run_fingerprint(scan_raw(raw), "1", code="c") != run_fingerprint(after, "1", code="c")


def _extraction(name: str) -> Extraction:
    row = {"report_id": f"{name}-pdu-2023-05", "title": None, "inspected_body": "Anytown PDU",
           "body_type": "pdu", "report_family": "pdu_2021_23", "region": None,
           "publication_month": dt.date(2023, 5, 1),
           "fieldwork_start_date": None, "lead_inspector": None, "isbn": None, "overall_rating": None,
           "score": None, "score_max": None, "cases_inspected": None, "practitioner_interviews": None,
           "source_file": f"{name}.txt", "source_sha256": SHA, "extractor_version": "1"}
    return Extraction(f"{name}.txt", SHA, "1", row["report_id"], {"reports": [row]})


def test_the_loader_fills_source_url_and_retrieved_at_from_the_record(tmp_path):
    files = scan_raw(_raw(tmp_path, _record()))
    fetched, by_hand = _extraction("anytown"), _extraction("byhand")
    con = duckdb.connect()
    load_tables(con, [fetched, by_hand], [fetched, by_hand], {"anytown.txt": files[0].source})
    rows = con.execute("SELECT source_file, source_url, retrieved_at FROM staging.reports "
                       "ORDER BY 1").fetchall()
    assert rows == [("anytown.txt", "https://example.org/anytown/", dt.datetime(2026, 12, 2, 4, 30, 5)),
                    ("byhand.txt", None, None)]
