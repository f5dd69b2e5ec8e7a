"""Builders of fixture warehouses for the publishing tests: the schema's DDL and hand-written rows of
two reports, one held-back report and one file that yielded no report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb

from pipelines.extract.pages import PAGED_TABLES
from pipelines.quality import QualityResult
from pipelines.warehouse.load import load_rows

NORTH = "northtown-pdu-2023-05"
SOUTH = "southvale-pdu-2023-06"
HELD = "westmere-pdu-2023-07"  # in the warehouse, but held back by the quality gate
PUBLISHED = {NORTH, SOUTH}


def _report(rid: str, body: str, month: dt.date, rating: str, score: int, src: str) -> dict[str, Any]:
    return {
        "report_id": rid, "title": f"An inspection of probation services in: {body}",
        "inspected_body": body, "body_type": "pdu", "report_family": "pdu_2021_23", "region": "North region",
        "publication_month": month, "fieldwork_start_date": month - dt.timedelta(days=60),
        "lead_inspector": "A. Inspector", "isbn": "978-1-915468-00-0", "overall_rating": rating,
        "score": score, "score_max": 27, "cases_inspected": 100, "practitioner_interviews": 40,
        "source_file": src, "source_sha256": src[0] * 64, "extractor_version": "1",
        "source_url": None, "retrieved_at": None,  # dropped into raw/ by hand
    }


def sample_rows() -> dict[str, list[dict[str, Any]]]:
    """Hand-written rows for every table."""
    reports = [
        _report(NORTH, "Northtown PDU", dt.date(2023, 5, 1), "Requires improvement", 9, "northtown.txt"),
        _report(SOUTH, "Southvale PDU", dt.date(2023, 6, 1), "Good", 16, "southvale.txt"),
        _report(HELD, "Westmere PDU", dt.date(2023, 7, 1), "Good", 30, "westmere.txt"),
    ]
    standards = [
        {"report_id": rid, "domain_no": 2, "domain_name": "Court work and case supervision",
         "standard_code": code, "standard_name": name, "standard_statement": None, "rating": rating,
         "points": points, "is_rated": True, "char_start": start, "char_end": start + 40}
        for rid in (NORTH, SOUTH, HELD)
        for code, name, rating, points, start in (
            ("2.1", "Court work", "Good", 2, 1000), ("2.2", "Assessment", "Inadequate", 0, 2000))
    ]
    key_questions = [
        {"report_id": rid, "standard_code": "2.2", "question_no": no, "question": question,
         "question_theme": theme, "yes_pct": pct, "char_start": 2100 + no * 100, "char_end": 2150 + no * 100}
        for rid, pcts in ((NORTH, (45.0, 61.5)), (SOUTH, (70.0, 82.25)), (HELD, (105.0, 50.0)))
        for no, question, theme, pct in (
            (1, "Does assessment focus sufficiently on engaging the person on probation?", "engagement",
             pcts[0]),
            (2, "Does assessment focus sufficiently on keeping other people safe?", "safety", pcts[1]))
    ]
    recommendations = [
        {"report_id": rid, "recommendation_no": 1, "addressee": "The Northtown PDU",
         "addressee_level": "local", "text": "improve the quality of assessment", "char_start": 300,
         "char_end": 340}
        for rid in (NORTH, SOUTH, HELD)
    ]
    findings = [
        {"report_id": rid, "standard_code": "2.2", "section": "Assessment", "kind": kind, "finding_no": 1,
         "text": text, "char_start": start, "char_end": start + 30}
        for rid in (NORTH, SOUTH, HELD)
        for kind, text, start in (("strength", "Practitioners knew their cases well.", 2500),
                                  ("improvement", "Risk of harm was not assessed.", 2600))
    ]
    quotes = [{"report_id": rid, "section": "Assessment", "text": "My officer listens to me.",
               "char_start": 2700, "char_end": 2730} for rid in (NORTH, SOUTH)]
    sections = [
        {"report_id": rid, "section_path": path, "heading": path.split(" > ")[-1], "level": level,
         "text": f"{path.split(' > ')[-1]}\nSome text.", "char_start": start, "char_end": start + 500}
        for rid in (NORTH, SOUTH, HELD)
        for path, level, start in (("Ratings", 1, 0), ("Ratings > Assessment", 2, 2000))
    ]
    extraction_issues = [
        {"report_id": NORTH, "source_file": "northtown.txt", "severity": "warning",
         "code": "quote_unclosed", "message": "a quotation mark is not closed", "char_start": 2705},
        {"report_id": HELD, "source_file": "westmere.txt", "severity": "warning",
         "code": "percentage_out_of_range", "message": "105% is above 100", "char_start": 2200},
        {"report_id": None, "source_file": "notes.txt", "severity": "error",
         "code": "no_report", "message": "no inspection report found", "char_start": None},
    ]
    rows = {"reports": reports, "standards": standards, "key_questions": key_questions,
            "recommendations": recommendations, "findings": findings, "quotes": quotes,
            "sections": sections, "extraction_issues": extraction_issues}
    for table in PAGED_TABLES:  # these reports were read from text: no pages
        for row in rows[table]:
            row["page_no"] = None
    return rows


def load(con: duckdb.DuckDBPyConnection, rows: dict[str, list[dict[str, Any]]],
         reverse: bool = False) -> None:
    """Load the rows into the working tables as the pipeline does (in reverse order when asked)."""
    load_rows(con, {name: list(reversed(r)) if reverse else r for name, r in rows.items()})


def make_warehouse(folder: Path, rows: dict[str, list[dict[str, Any]]] | None = None,
                   reverse: bool = False) -> duckdb.DuckDBPyConnection:
    folder.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(folder / "warehouse.duckdb"))
    load(con, rows if rows is not None else sample_rows(), reverse=reverse)
    return con


# What the quality gate produces when it holds one report back (a real result, not a made-up verdict)
QUALITY = QualityResult(rules=[], report_status={
    NORTH: ("published", []), SOUTH: ("published", []),
    HELD: ("held_back", ["key_questions: yes_pct 105 outside 0..100"]),
}).to_dict()
QUALITY_HTML = "<!doctype html><title>Quality</title><p>partial</p>"
INPUTS = [
    {"name": "southvale.txt", "sha256": "s" * 64, "report_id": SOUTH, "status": "published", "reason": ""},
    {"name": "northtown.txt", "sha256": "n" * 64, "report_id": NORTH, "status": "published", "reason": ""},
    {"name": "westmere.txt", "sha256": "w" * 64, "report_id": HELD, "status": "held_back",
     "reason": "key_questions: yes_pct 105 outside 0..100"},
    {"name": "notes.txt", "sha256": "x" * 64, "report_id": None, "status": "error",
     "reason": "no inspection report found"},
]


def publish(con: duckdb.DuckDBPyConnection, folder: Path, **kw: Any):
    from pipelines.publish import publish_snapshot

    args: dict[str, Any] = {"report_ids": set(PUBLISHED), "quality": QUALITY, "quality_html": QUALITY_HTML,
                            "inputs": INPUTS, "today": dt.date(2026, 11, 22)}
    args.update(kw)
    return publish_snapshot(con, folder, **args)
