"""One `hmip run` over a raw/ folder of the two good sample reports and every kind of bad input (see
corpus.py), with the network cut off and one file removed between listing and reading. The good reports
publish; every file ends in the manifest and the quality report with a clear reason; nothing is dropped,
nothing outside raw/ is read, report text reaches neither SQL nor HTML as code."""

from __future__ import annotations

import html
import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from pipelines.warehouse.cache import CACHE_TABLE, decoded_payload

from .corpus import HTML_NAME, HTML_TEXT, SQL_TEXT, VANISHING, Expected, build_corpus
from .helpers import GUARDED_RUN, ROOT, RUN_TIMEOUT, assert_valid_snapshot, dagster_home, env_with

pytestmark = pytest.mark.slow

# Both May 2023 sample reports print the same ratings page: Score 7/27, overall 'Requires improvement'.
SAMPLE_RATINGS = {"wigan-pdu-2023-05": ("Requires improvement", 7, 27),
                  "tameside-pdu-2023-05": ("Requires improvement", 7, 27)}


@dataclass
class CorpusRun:
    proc: subprocess.CompletedProcess
    raw: Path
    warehouse: Path
    expected: dict[str, Expected]
    connections: list[str]

    @property
    def latest(self) -> Path:
        return self.warehouse / "latest"

    def manifest_inputs(self) -> dict[str, dict]:
        manifest = json.loads((self.latest / "datapackage.json").read_text(encoding="utf-8"))
        return {i["name"]: i for i in manifest["inputs"]}

    def quality(self) -> dict:
        return json.loads((self.latest / "quality.json").read_text(encoding="utf-8"))

    def quality_html(self) -> str:
        return (self.latest / "quality.html").read_text(encoding="utf-8")

    def rows(self, table: str) -> list[dict]:
        return pq.read_table(self.latest / f"{table}.parquet").to_pylist()


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> CorpusRun:
    base = tmp_path_factory.mktemp("corpus")
    raw, warehouse, log = base / "raw", base / "warehouse", base / "connections.log"
    expected = build_corpus(raw, base / "outside")
    command = [sys.executable, str(GUARDED_RUN), "--connections", str(log), "--vanish", VANISHING, "--",
               "run", "--raw", str(raw), "--warehouse", str(warehouse)]
    proc = subprocess.run(command, cwd=ROOT, env=env_with(dagster_home(base)), capture_output=True,
                          text=True, timeout=RUN_TIMEOUT)
    connections = log.read_text().splitlines() if log.exists() else ["(log missing)"]
    return CorpusRun(proc, raw, warehouse, expected, connections)


def test_the_run_succeeds_and_publishes_a_valid_snapshot_with_the_good_reports(run):
    assert run.proc.returncode == 3, run.proc.stdout + run.proc.stderr  # published, bad files rejected
    assert "published at" in run.proc.stdout
    assert_valid_snapshot(run.latest)
    got = {r["report_id"]: (r["overall_rating"], r["score"], r["score_max"]) for r in run.rows("reports")}
    for report_id, ratings in SAMPLE_RATINGS.items():
        assert got[report_id] == ratings


def test_exactly_the_sound_reports_publish(run):
    published = {e.report_id for e in run.expected.values() if e.status == "published"}
    got = {r["report_id"] for r in run.rows("reports")}
    assert got - {"elmfield-pdu-2023-05"} == published  # the report without a ratings page: see below


def test_every_file_is_in_the_manifest_with_its_status_and_a_reason(run):
    inputs = run.manifest_inputs()
    still_in_raw = {p.name for p in run.raw.iterdir()}
    assert VANISHING not in still_in_raw
    assert {n.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            for n in still_in_raw} | {VANISHING} == set(inputs)
    assert set(inputs) == set(run.expected)
    for name, want in run.expected.items():
        got = inputs[name]
        if name == "no-ratings-page.txt":
            assert got["status"] in ("published", "held_back")
            continue
        assert got["status"] == want.status, (name, got)
        if want.status != "published":
            assert got["reason"].strip(), f"{name} is {got['status']} without a reason"
        for word in want.reason:
            assert word in got["reason"].lower(), (name, word, got["reason"])
        if want.report_id:
            assert got["report_id"] == want.report_id


# The issue code each unreadable or refused file must carry, chosen from what was done to it.
ERROR_CODES = {
    "empty.txt": "empty_file",
    "huge.txt": "too_large",
    "link-outside.txt": "outside_raw",
    "link-to-etc": "outside_raw",
    "broken-link.txt": "broken_link",
    VANISHING: "vanished",
}


def test_each_unreadable_file_is_an_error_in_quality_json_and_html(run):
    issues = run.quality()["extraction_issues"]
    errors = {(i["source_file"], i["code"]) for i in issues if i["severity"] == "error"}
    for name, code in ERROR_CODES.items():
        assert (name, code) in errors
    for name, want in run.expected.items():
        if want.status == "error":
            assert any(i["source_file"] == name for i in issues), name
    page = run.quality_html()
    for name in ERROR_CODES:
        assert f"<td>{html.escape(name)}</td>" in page, name


def test_held_back_reports_name_the_rule_and_value_that_failed(run):
    status = run.quality()["report_status"]
    assert status["farleigh-pdu-2023-05"]["status"] == "held_back"  # percentage-105.txt
    assert any("yes_pct=105" in r for r in status["farleigh-pdu-2023-05"]["reasons"])
    assert status["glenham-pdu-2023-05"]["status"] == "held_back"  # rating-off-band.txt
    assert any("rating_is_band_of_lowest_key_question" in r and "standard_code=2.2" in r
               for r in status["glenham-pdu-2023-05"]["reasons"])
    assert status["dunmore-pdu-2023-05"]["status"] == "held_back"  # cut-off.txt
    page = run.quality_html()
    for report_id in ("farleigh-pdu-2023-05", "glenham-pdu-2023-05", "dunmore-pdu-2023-05"):
        assert f"<code>{report_id}</code>" in page


def test_every_input_file_and_its_status_is_in_the_quality_report(run):
    """Conflicts and duplicates have no extraction issue of their own: the quality report must still list
    them, as it lists every other input."""
    inputs = {i["name"]: i for i in run.quality().get("inputs", [])}
    assert set(inputs) == set(run.expected)
    assert inputs["conflict-a.txt"]["status"] == "conflict"
    assert inputs["the-same-report-linked.txt"]["status"] == "duplicate"
    page = run.quality_html()
    for name in ("conflict-a.txt", "conflict-b.txt", "the-same-report-linked.txt"):
        assert html.escape(name) in page, f"{name} is missing from quality.html"


def test_re_encoded_copies_publish_with_an_encoding_warning(run):
    warnings = {(i["source_file"], i["code"]) for i in run.quality()["extraction_issues"]
                if i["severity"] == "warning"}
    assert ("windows-1252-copy.txt", "encoding_fallback") in warnings
    assert ("utf16-copy.txt", "encoding_utf16") in warnings
    ratings = {r["report_id"]: (r["overall_rating"], r["score"]) for r in run.rows("reports")}
    assert ratings["cowden-pdu-2023-05"] == ("Requires improvement", 7)
    assert ratings["brixley-pdu-2023-05"] == ("Requires improvement", 7)


def test_a_report_without_its_ratings_page_invents_no_overall_rating_and_says_so(run):
    """With no ratings page, the overall rating is the foreword's ("We have rated ... as 'Requires
    improvement'. This overall rating ..."), said in an issue; the score, which only the ratings page
    prints, is a missing part of a 2021-23 PDU report, so the report is held back naming it."""
    issues = {(i["source_file"], i["code"]): i for i in run.quality()["extraction_issues"]}
    assert ("no-ratings-page.txt", "overall_rating_from_foreword") in issues
    said = issues[("no-ratings-page.txt", "overall_rating_from_foreword")]["message"]
    assert "'Requires improvement'" in said
    assert issues[("no-ratings-page.txt", "score_missing")]["severity"] == "error"
    assert "elmfield-pdu-2023-05" not in {row["report_id"] for row in run.rows("reports")}


def test_hostile_report_text_is_stored_verbatim_and_escaped_in_html(run):
    texts = [f["text"] for f in run.rows("findings") if f["report_id"] == "ashby-pdu-2023-05"]
    assert any(HTML_TEXT in t and SQL_TEXT in t for t in texts)
    con = duckdb.connect(str(run.warehouse / "warehouse.duckdb"), read_only=True)
    try:
        loaded = con.execute("SELECT count(*) FROM staging.reports").fetchone()[0]
        assert loaded == len(run.rows("reports")) + 3
        stored = con.execute("SELECT count(*) FROM staging.findings WHERE contains(text, ?)", [SQL_TEXT])
        assert stored.fetchone()[0] == 1
    finally:
        con.close()
    page = run.quality_html()
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert html.escape(HTML_NAME) in page


def test_nothing_outside_raw_is_read(run):
    bodies = {r["inspected_body"] for r in run.rows("reports")}
    assert "Nowhere PDU" not in bodies
    con = duckdb.connect(str(run.warehouse / "warehouse.duckdb"), read_only=True)
    try:
        rows = con.execute(f"SELECT payload, payload_bytes FROM {CACHE_TABLE}").fetchall()
    finally:
        con.close()
    cached = [decoded_payload(payload, size).decode("utf-8") for payload, size in rows]  # stored compressed
    assert len(cached) > 3 and any("Wigan" in text for text in cached)
    assert not [text for text in cached if "Nowhere" in text or "root:" in text]


def test_no_network_connection_was_attempted(run):
    assert run.connections == []
