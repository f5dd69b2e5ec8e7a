"""End to end through the real extractor: the sample reports pass every rule; a copy of Wigan whose court
work percentage is changed to 40% (rated 'Requires improvement', band 'Inadequate') is held back with the
rule and the values, and Tameside still publishes."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.extract import extract_file, extract_text
from pipelines.extract.model import Extraction
from pipelines.quality import render_quality_html, run_quality
from pipelines.schema import TABLES
from tests.quality.fixtures import TAMESIDE, WIGAN, empty_warehouse, insert

RAW = Path(__file__).resolve().parents[2] / "raw"


def _warehouse(extractions: list[Extraction]) -> duckdb.DuckDBPyConnection:
    con = empty_warehouse()
    for extraction in extractions:
        insert(con, {t.name: extraction.table_rows(t) for t in TABLES})
    return con


def test_sample_reports_pass_every_rule():
    result = run_quality(_warehouse([extract_file(RAW / f"{rid}.txt") for rid in (WIGAN, TAMESIDE)]))
    assert [r.rule_id for r in result.rules if not r.passed] == []
    assert result.verdict == "passed"
    assert result.published_report_ids() == [TAMESIDE, WIGAN]
    wigan = next(r for r in result.reports if r["report_id"] == WIGAN)
    assert (wigan["overall_rating"], wigan["score"], wigan["score_max"]) == ("Requires improvement", 7, 27)


def test_broken_copy_is_held_back_and_the_report_says_why():
    text = (RAW / f"{WIGAN}.txt").read_text(encoding="utf-8")
    original = "supporting the court's decision-making?\t50%"
    assert original in text
    text = text.replace(original, original.replace("50%", "40%"))
    broken = extract_text(text, "wigan-broken.txt", "0" * 64)
    result = run_quality(_warehouse([broken, extract_file(RAW / f"{TAMESIDE}.txt")]))
    status, reasons = result.report_status[WIGAN]
    assert status == "held_back"
    assert reasons == ["standards.rating_is_band_of_lowest_key_question: rating = band_rating ("
                       "standard_code=2.1, rating=Requires improvement, lowest_pct=40.0, "
                       "band_rating=Inadequate)"]
    assert result.report_status[TAMESIDE] == ("published", [])
    page = render_quality_html(result.to_dict())
    assert "lowest % &#x27;Yes&#x27; of its key questions 40," in page and 'data-verdict="partial"' in page
    assert "lowest_pct=40.0" not in page  # named for a person in the page; quality.json keeps the column
