"""Errors belong to their file: two files with identical bytes share one cached extraction (keyed by
content), yet every message shown or published names the file it is about."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines.extract import EXTRACTOR_VERSION, extract_bytes
from pipelines.inputs.inventory import extract_raw, scan_raw
from pipelines.inputs.resolve import resolve
from pipelines.warehouse.cache import extract_with_cache, renamed_message
from pipelines.warehouse.load import load_tables


def _extract(raw):
    return extract_raw(raw, extract_bytes)


def _junk_folder(tmp_path: Path, *names: str) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    junk = os.urandom(4000).replace(b"%PDF-", b"xxxxx")
    for name in names:
        (raw / name).write_bytes(b"\x00" + junk)
    return raw


def test_identical_junk_under_two_names_each_error_names_its_own_file(tmp_path):
    raw = _junk_folder(tmp_path, "random.txt", "random.pdf")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    extractions, fresh = extract_with_cache(con, scan_raw(raw), EXTRACTOR_VERSION, _extract)
    assert fresh == 1  # one extraction for the one content
    messages = {e.source_file: [i.message for i in e.issues] for e in extractions}
    assert messages == {"random.pdf": ["random.pdf: binary data, not a report"],
                        "random.txt": ["random.txt: binary data, not a report"]}

    reasons = {s.name: s.reason for s in resolve(extractions).inputs}
    assert reasons == {"random.pdf": "random.pdf: binary data, not a report",
                       "random.txt": "random.txt: binary data, not a report"}

    load_tables(con, [], extractions)
    rows = con.execute("SELECT source_file, message FROM staging.extraction_issues "
                       "ORDER BY source_file").fetchall()
    assert rows == [("random.pdf", "random.pdf: binary data, not a report"),
                    ("random.txt", "random.txt: binary data, not a report")]


def test_a_later_run_from_the_cache_names_the_file_under_its_new_name(tmp_path):
    raw = _junk_folder(tmp_path, "first.bin")
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    extract_with_cache(con, scan_raw(raw), EXTRACTOR_VERSION, _extract)
    (raw / "first.bin").rename(raw / "second.bin")
    extractions, fresh = extract_with_cache(con, scan_raw(raw), EXTRACTOR_VERSION, _extract)
    assert fresh == 0
    assert [i.message for i in extractions[0].issues] == ["second.bin: binary data, not a report"]


def test_only_the_opening_name_is_rewritten():
    assert renamed_message("a: a: b", "a", "c") == "c: a: b"
    assert renamed_message("score 7 does not add up", "a", "c") == "score 7 does not add up"
