"""Streaming a run's extractions through the cache: batches honoured, summaries kept, full rows loaded
back from the cache. Boundedness is shown structurally (what exists when), not by timing or RSS."""

import datetime as dt

import duckdb
import pytest

from pipelines.extract.model import Extraction, Issue
from pipelines.inputs.inventory import RawFile
from pipelines.warehouse.cache import CACHE_TABLE, iter_extractions
from pipelines.warehouse.stream import (
    MissingFromCache,
    extract_and_resolve,
    load_from_cache,
    report_batches,
)


def _report(body: str, source_file: str, sha: str, standards: int = 2) -> Extraction:
    report_id = f"{body.lower()}-pdu-2023-05"
    reports = [{
        "report_id": report_id, "title": "An inspection", "inspected_body": f"{body} PDU", "body_type": "pdu",
        "report_family": "pdu_2021_23", "region": None, "publication_month": dt.date(2023, 5, 1),
        "fieldwork_start_date": None, "lead_inspector": None, "isbn": None, "overall_rating": "Good",
        "score": 2, "score_max": 3, "cases_inspected": 10, "practitioner_interviews": 4,
        "source_file": source_file, "source_sha256": sha, "extractor_version": "t1",
    }]
    rows = {"reports": reports, "standards": [{
        "report_id": report_id, "domain_no": 2, "domain_name": "Court work", "standard_code": f"2.{n}",
        "standard_name": f"Standard {n}", "standard_statement": None, "rating": "Good", "is_rated": True,
        "points": 2, "char_start": 100 * n, "char_end": 100 * n + 50, "page_no": None,
    } for n in range(1, standards + 1)]}
    issues = [Issue("warning", "no_region", "no region", 5)]
    return Extraction(source_file, sha, "t1", report_id, rows, issues)


def _files(tmp_path, n: int) -> list[RawFile]:
    return [RawFile(f"r{i:02}.txt", tmp_path / f"r{i:02}.txt", f"sha{i:02}", 10) for i in range(n)]


def test_extractions_reach_the_cache_batch_by_batch_before_the_rest_are_extracted(tmp_path):
    con = duckdb.connect()
    files = _files(tmp_path, 7)
    extracted: list[str] = []

    def extract(raw: RawFile) -> Extraction:
        extracted.append(raw.name)
        return _report(f"Body{raw.name[1:3]}", raw.name, raw.sha256)

    stream = iter_extractions(con, files, "t1", extract, workers=1, batch_size=3)
    first_file, first = next(stream)
    assert (first_file.name, first.source_file) == ("r00.txt", "r00.txt")
    # one batch extracted and committed to the cache, the other four files not yet read
    assert extracted == ["r00.txt", "r01.txt", "r02.txt"]
    assert con.execute(f"SELECT count(*) FROM {CACHE_TABLE}").fetchone()[0] == 3
    rest = list(stream)
    assert len(rest) == 6 and len(extracted) == 7
    assert con.execute(f"SELECT count(*) FROM {CACHE_TABLE}").fetchone()[0] == 7


def test_a_failure_in_a_later_batch_keeps_the_batches_already_committed(tmp_path):
    con = duckdb.connect()
    files = _files(tmp_path, 5)

    def extract(raw: RawFile) -> Extraction:
        if raw.name == "r04.txt":
            raise RuntimeError("killed")
        return _report(f"Body{raw.name[1:3]}", raw.name, raw.sha256)

    with pytest.raises(RuntimeError, match="killed"):
        list(iter_extractions(con, files, "t1", extract, workers=1, batch_size=2))
    shas = {r[0] for r in con.execute(f"SELECT source_sha256 FROM {CACHE_TABLE}").fetchall()}
    assert shas == {"sha00", "sha01", "sha02", "sha03"}


def test_hits_are_read_back_in_batches_and_named_as_each_file(tmp_path):
    con = duckdb.connect()
    files = _files(tmp_path, 3)
    list(iter_extractions(con, files, "t1", lambda r: _report("Anytown", r.name, r.sha256), workers=1))
    copy = RawFile("copy.txt", tmp_path / "copy.txt", "sha01", 10)  # same bytes as r01.txt

    def must_not_extract(raw: RawFile) -> Extraction:
        raise AssertionError(f"{raw.name} is in the cache")

    fresh: list[int] = []
    got = list(iter_extractions(con, [*files, copy], "t1", must_not_extract, fresh=fresh, batch_size=2))
    assert fresh == [0]
    assert sorted(f.name for f, _ in got) == ["copy.txt", "r00.txt", "r01.txt", "r02.txt"]
    named = {f.name: e.rows["reports"][0]["source_file"] for f, e in got}
    assert named["copy.txt"] == "copy.txt" and named["r01.txt"] == "r01.txt"


def test_the_resolution_keeps_summaries_and_the_tables_load_every_row_from_the_cache(tmp_path):
    con = duckdb.connect()
    files = _files(tmp_path, 5)
    resolution, fresh = extract_and_resolve(
        con, files, "t1", lambda r: _report(f"Body{r.name[1:3]}", r.name, r.sha256, standards=3),
        published=set(), workers=1, batch_size=2)
    assert fresh == 5 and len(resolution.reports) == 5
    # summaries: the reports row and the issues, nothing else held for the whole run
    assert all(set(e.rows) == {"reports"} and len(e.issues) == 1 for e in resolution.extractions)
    assert [len(b) for b in report_batches(con, resolution, size=2)] == [2, 2, 1]
    counts = load_from_cache(con, resolution, size=2)
    assert (counts["reports"], counts["standards"], counts["extraction_issues"]) == (5, 15, 5)
    assert con.execute("SELECT count(DISTINCT report_id) FROM staging.standards").fetchone()[0] == 5
    first_id = con.execute("SELECT min(standard_id) FROM staging.standards").fetchone()[0]
    assert first_id == "body00-pdu-2023-05/2.1"


def test_files_yielding_one_report_are_compared_on_their_full_rows(tmp_path):
    con = duckdb.connect()
    files = [RawFile(n, tmp_path / n, sha, 10) for n, sha in
             (("a.txt", "sha-a"), ("b.txt", "sha-b"), ("c.txt", "sha-c"), ("d.txt", "sha-d"))]
    made = {"a.txt": _report("Anytown", "a.txt", "sha-a"), "b.txt": _report("Anytown", "b.txt", "sha-b"),
            "c.txt": _report("Other", "c.txt", "sha-c", standards=2),
            "d.txt": _report("Other", "d.txt", "sha-d", standards=3)}  # one standard more: differs
    resolution, _ = extract_and_resolve(con, files, "t1", lambda r: made[r.name], published=set(), workers=1)
    statuses = {s.name: s.status for s in resolution.inputs}
    assert statuses == {"a.txt": "extracted", "b.txt": "duplicate", "c.txt": "conflict", "d.txt": "conflict"}


def test_an_extraction_gone_from_the_cache_is_an_error_naming_its_file(tmp_path):
    con = duckdb.connect()
    files = _files(tmp_path, 2)
    resolution, _ = extract_and_resolve(
        con, files, "t1", lambda r: _report(f"B{r.name[1:3]}", r.name, r.sha256), published=set(), workers=1)
    con.execute(f"DELETE FROM {CACHE_TABLE} WHERE source_sha256 = 'sha01'")
    with pytest.raises(MissingFromCache, match="r01.txt"):
        load_from_cache(con, resolution)


def test_a_batched_load_failing_halfway_leaves_the_working_tables_as_they_were(tmp_path):
    from pipelines.warehouse.load import load_batches

    con = duckdb.connect()
    first = [_report("Anytown", "a.txt", "sha-a")]
    load_batches(con, [first], [first])
    broken = _report("Other", "b.txt", "sha-b")
    del broken.rows["standards"][0]["rating"]
    with pytest.raises(ValueError, match="rating"):
        load_batches(con, [[_report("Third", "c.txt", "sha-c")], [broken]], [])
    assert con.execute("SELECT report_id FROM staging.reports").fetchall() == [("anytown-pdu-2023-05",)]
    left = con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '%loading'").fetchall()
    assert left == []
