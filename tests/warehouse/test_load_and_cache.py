import datetime as dt
import os
import time

import duckdb
import pytest

from pipelines.extract.model import Extraction, Issue
from pipelines.inputs.inventory import RawFile
from pipelines.warehouse.cache import extract_with_cache
from pipelines.warehouse.load import load_tables
from pipelines.warehouse.run_lock import RunInProgress, warehouse_lock


def _report(report_id: str, source_file: str) -> Extraction:
    reports = [{
        "report_id": report_id, "title": "An inspection", "inspected_body": "Anytown PDU", "body_type": "pdu",
        "report_family": "pdu_2021_23", "region": None, "publication_month": dt.date(2023, 5, 1),
        "fieldwork_start_date": None,
        "lead_inspector": None, "isbn": None, "overall_rating": "Good", "score": 2, "score_max": 3,
        "cases_inspected": 10, "practitioner_interviews": 4, "source_file": source_file,
        "source_sha256": "abc", "extractor_version": "t1",
    }]
    return Extraction(source_file, "abc", "t1", report_id, {"reports": reports},
                      [Issue("warning", "no_region", "region not found", 12)])


def test_load_tables_replaces_every_table_and_keeps_issues_of_files_without_a_report():
    con = duckdb.connect()
    good = _report("anytown-pdu-2023-05", "a.txt")
    junk = Extraction("junk.bin", "def", "t1", None, {}, [Issue("error", "not_text", "binary")])
    counts = load_tables(con, [good], [good, junk])
    assert counts["reports"] == 1 and counts["standards"] == 0 and counts["extraction_issues"] == 2
    assert con.execute("SELECT publication_month FROM staging.reports").fetchone()[0] == dt.date(2023, 5, 1)
    load_tables(con, [], [])
    assert con.execute("SELECT count(*) FROM staging.reports").fetchone()[0] == 0


def test_load_tables_rolls_back_when_a_row_lacks_a_column():
    con = duckdb.connect()
    good = _report("anytown-pdu-2023-05", "a.txt")
    load_tables(con, [good], [good])
    broken = _report("other-pdu-2023-05", "b.txt")
    del broken.rows["reports"][0]["score"]
    with pytest.raises(ValueError, match="score"):
        load_tables(con, [broken], [broken])
    assert con.execute("SELECT report_id FROM staging.reports").fetchall() == [("anytown-pdu-2023-05",)]


def test_cache_reuses_an_extraction_by_content_and_version_even_under_a_new_name(tmp_path):
    con = duckdb.connect()
    calls = []

    def extract(raw: RawFile) -> Extraction:
        calls.append(raw.name)
        return _report("anytown-pdu-2023-05", raw.name)

    first = RawFile("a.txt", tmp_path / "a.txt", "abc", 3)
    renamed = RawFile("copy of a.txt", tmp_path / "copy of a.txt", "abc", 3)
    extract_with_cache(con, [first], "t1", extract)
    results, fresh = extract_with_cache(con, [first, renamed], "t1", extract)
    assert calls == ["a.txt"] and fresh == 0
    assert [r.rows["reports"][0]["source_file"] for r in results] == ["a.txt", "copy of a.txt"]
    _, fresh_after_upgrade = extract_with_cache(con, [first], "t2", extract)
    assert fresh_after_upgrade == 1


def test_a_second_run_on_the_same_warehouse_is_refused_while_the_first_holds_the_lock(tmp_path):
    with warehouse_lock(tmp_path), pytest.raises(RunInProgress, match="another run is in progress"), \
            warehouse_lock(tmp_path):
        pass
    with warehouse_lock(tmp_path):  # released after the first run ends
        pass


def _extract_in_worker(raw: RawFile) -> Extraction:
    """Module level so a process pool can pickle it; records which process did the work."""
    time.sleep(0.02)  # long enough that one worker cannot take every chunk before the other starts
    return Extraction(raw.name, raw.sha256, "t1", None, {}, [Issue("warning", "pid", str(os.getpid()))])


def test_many_fresh_files_are_extracted_in_a_pool_of_processes_in_file_order(tmp_path):
    con = duckdb.connect()
    files = [RawFile(f"r{i:03}.txt", tmp_path / f"r{i:03}.txt", f"sha{i}", 1) for i in range(80)]
    seen = []
    results, fresh = extract_with_cache(con, files, "t1", _extract_in_worker,
                                        progress=lambda done, total: seen.append((done, total)), workers=2)
    assert fresh == 80
    assert [r.source_file for r in results] == [f.name for f in files]
    pids = {r.issues[0].message for r in results}
    assert str(os.getpid()) not in pids and len(pids) == 2  # both worker processes took a share
    assert seen[-1] == (80, 80)


def test_cache_store_writes_every_batch_or_nothing():
    from pipelines.warehouse.cache import CACHE_TABLE, STORE_BATCH, cached, store

    con = duckdb.connect()
    reports = [_report(f"body{n}-pdu-2023-05", f"r{n}.txt") for n in range(STORE_BATCH * 2 + 3)]
    many = [Extraction(e.source_file, f"sha{n}", "t1", e.report_id, e.rows, e.issues)
            for n, e in enumerate(reports)]
    store(con, many)
    assert con.execute(f"SELECT count(*) FROM {CACHE_TABLE}").fetchone()[0] == len(many)
    assert cached(con, "t1", ["sha0", f"sha{len(many) - 1}"])["sha0"].report_id == "body0-pdu-2023-05"

    class Unserialisable(Extraction):
        def to_json_bytes(self) -> bytes:
            raise RuntimeError("disk full")

    later = [Extraction("x.txt", f"new{n}", "t1", None, {}, []) for n in range(STORE_BATCH)]
    later.append(Unserialisable("y.txt", "bad", "t1", None, {}, []))
    with pytest.raises(RuntimeError):
        store(con, later)
    assert con.execute(f"SELECT count(*) FROM {CACHE_TABLE}").fetchone()[0] == len(many)  # first batch undone


def test_the_cache_keeps_each_extraction_compressed_and_gives_it_back_whole():
    from pipelines.warehouse.cache import CACHE_TABLE, cached, decoded_payload, store

    con = duckdb.connect()
    report = _report("anytown-pdu-2023-05", "a.txt")
    text = "The inspection found strong leadership. " * 500  # 20,500 characters of one report's text
    rows = {**report.rows, "sections": [{"report_id": report.report_id, "text": text}]}
    big = Extraction("a.txt", "sha-big", "t1", report.report_id, rows, report.issues)
    store(con, [big])
    payload, size = con.execute(f"SELECT payload, payload_bytes FROM {CACHE_TABLE}").fetchone()
    assert size == len(big.to_json_bytes())
    assert len(payload) < size / 10  # a repetitive text compresses far below its length
    assert decoded_payload(payload, size) == big.to_json_bytes() == big.to_json().encode("utf-8")
    back = cached(con, "t1", ["sha-big"])["sha-big"]
    assert back.rows["sections"][0]["text"] == text and back.issues == report.issues


def test_a_cache_of_the_old_plain_text_layout_is_rebuilt(tmp_path):
    from pipelines.warehouse.cache import CACHE_TABLE, stored_shas

    con = duckdb.connect()
    con.execute("CREATE SCHEMA staging")
    con.execute(f"CREATE TABLE {CACHE_TABLE} (source_sha256 VARCHAR NOT NULL, extractor_version VARCHAR "
                "NOT NULL, payload VARCHAR NOT NULL, PRIMARY KEY (source_sha256, extractor_version))")
    con.execute(f"INSERT INTO {CACHE_TABLE} VALUES ('abc', 't1', ?)",
                [_report("anytown-pdu-2023-05", "a.txt").to_json()])
    assert stored_shas(con, "t1", ["abc"]) == set()  # extracted again, not read in the old layout
    columns = con.execute(f"SELECT column_name, column_type FROM (DESCRIBE {CACHE_TABLE})").fetchall()
    assert columns == [("source_sha256", "VARCHAR"), ("extractor_version", "VARCHAR"), ("payload", "BLOB"),
                       ("payload_bytes", "BIGINT")]
    calls = []

    def extract(raw: RawFile) -> Extraction:
        calls.append(raw.name)
        return _report("anytown-pdu-2023-05", raw.name)

    _, fresh = extract_with_cache(con, [RawFile("a.txt", tmp_path / "a.txt", "abc", 3)], "t1", extract)
    assert fresh == 1 and calls == ["a.txt"]
    assert stored_shas(con, "t1", ["abc"]) == {"abc"}


def _with_text(text: str) -> Extraction:
    report = _report("anytown-pdu-2023-05", "a.txt")
    return Extraction("a.txt", "abc", "t1", report.report_id,
                      {**report.rows, "sections": [{"report_id": report.report_id, "text": text}]},
                      report.issues)


def test_an_extraction_comes_back_from_its_json_as_it_was():
    original = _with_text("Café – “quoted”, 95%\n\ttabbed \u2028 and an emoji \U0001f600")
    text = original.to_json_bytes()
    assert b'"publication_month":"2023-05-01"' in text  # a date as ISO text, written by hand
    assert b"Caf\xc3\xa9" in text  # UTF-8, not escaped
    back = Extraction.from_json(text)
    assert back == original and back.rows["reports"][0]["publication_month"] == dt.date(2023, 5, 1)
    assert Extraction.from_json(original.to_json()) == original


def test_text_with_a_lone_surrogate_is_written_by_json_and_read_back():
    original = _with_text("broken \udc9d byte")  # what a reader can leave of an undecodable byte
    text = original.to_json_bytes()
    assert b"\\udc9d" in text  # escaped by `json`, which orjson would not write
    assert Extraction.from_json(text).rows["sections"][0]["text"] == "broken \udc9d byte"


def test_a_cache_entry_written_by_json_before_orjson_is_read_alike():
    import json
    from dataclasses import asdict

    original = _with_text("Café – “quoted”")
    old = json.dumps({"source_file": "a.txt", "source_sha256": "abc", "extractor_version": "t1",
                      "report_id": original.report_id, "rows": original.rows,
                      "issues": [asdict(i) for i in original.issues]},
                     default=lambda d: d.isoformat(), sort_keys=True)  # the old writer, ASCII-escaped
    assert "\\u00e9" in old
    assert Extraction.from_json(old) == original == Extraction.from_json(old.encode("utf-8"))
