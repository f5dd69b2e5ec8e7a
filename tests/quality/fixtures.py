"""Hand-written warehouse fixtures: two clean 2021-23 PDU reports, values typed from the sample reports
(Wigan and Tameside, May 2023: both 'Requires improvement', Score 7/27), and helpers to break them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from pipelines.publish.derived import derived_select, with_derived_columns
from pipelines.schema import EXTRACTED_TABLES, TABLES, ddl

WIGAN = "wigan-pdu-2023-05"
TAMESIDE = "tameside-pdu-2023-05"

# (code, name, rating, points) as printed on the ratings page of both reports.
STANDARDS = [
    ("1.1", "Leadership", "Requires improvement", 1),
    ("1.2", "Staff", "Good", 2),
    ("1.3", "Services", "Requires improvement", 1),
    ("1.4", "Information and facilities", "Good", 2),
    ("2.1", "Court work", "Requires improvement", 1),
    ("2.2", "Assessment", "Inadequate", 0),
    ("2.3", "Planning", "Inadequate", 0),
    ("2.4", "Implementation and delivery", "Inadequate", 0),
    ("2.5", "Reviewing", "Inadequate", 0),
    ("2.6", "Outcomes", None, None),
]
# Percentage 'Yes' per key question, standard by standard, from each report's tables.
PERCENTAGES = {
    WIGAN: {"2.1": [50], "2.2": [64, 72, 33], "2.3": [69, 64, 44], "2.4": [54, 51, 41],
            "2.5": [64, 54, 31], "2.6": [33]},
    TAMESIDE: {"2.1": [58], "2.2": [39, 57, 29], "2.3": [64, 75, 43], "2.4": [71, 46, 39],
               "2.5": [71, 54, 39], "2.6": [32]},
}
RECOMMENDATION_COUNTS = {WIGAN: 9, TAMESIDE: 10}
BODIES = {WIGAN: ("Wigan PDU", "Yvonne McGuckian", "978-1-915468-51-2", 39, 24),
          TAMESIDE: ("Tameside PDU", "Martin Cunningham", "978-1-915468-50-5", 28, 19)}


def report_rows(report_id: str) -> dict[str, list[dict[str, Any]]]:
    body, lead, isbn, cases, interviews = BODIES[report_id]
    pos = iter(range(1000, 100000, 100))
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    rows["reports"].append({
        "report_id": report_id, "title": f"An inspection of probation services in: {body}",
        "inspected_body": body, "body_type": "pdu", "report_family": "pdu_2021_23",
        "region": "Greater Manchester",
        "publication_month": dt.date(2023, 5, 1), "fieldwork_start_date": dt.date(2023, 3, 13),
        "lead_inspector": lead, "isbn": isbn, "overall_rating": "Requires improvement", "score": 7,
        "score_max": 27, "cases_inspected": cases, "practitioner_interviews": interviews,
        "source_file": f"{report_id}.txt", "source_sha256": "0" * 64, "extractor_version": "test",
        "source_url": None, "retrieved_at": None,
    })
    for code, name, rating, points in STANDARDS:
        start = next(pos)
        rows["standards"].append({
            "report_id": report_id, "domain_no": int(code[0]), "domain_name": None, "standard_code": code,
            "standard_name": name, "standard_statement": None, "rating": rating, "points": points,
            "is_rated": rating is not None, "char_start": start, "char_end": start + 50,
        })
        for no, pct in enumerate(PERCENTAGES[report_id].get(code, []), start=1):
            start = next(pos)
            rows["key_questions"].append({
                "report_id": report_id, "standard_code": code, "question_no": no,
                "question": f"Does {name.lower()} focus sufficiently on question {no}?",
                "question_theme": None, "yes_pct": float(pct), "char_start": start, "char_end": start + 60,
            })
    for no in range(1, RECOMMENDATION_COUNTS[report_id] + 1):
        start = next(pos)
        rows["recommendations"].append({
            "report_id": report_id, "recommendation_no": no,
            "addressee": body if no <= 4 else "Greater Manchester region",
            "addressee_level": "local" if no <= 4 else "region", "text": f"recommendation {no}",
            "char_start": start, "char_end": start + 40,
        })
    start = next(pos)
    rows["findings"].append({"report_id": report_id, "standard_code": "1.1", "section": "Leadership",
                             "kind": "strength", "finding_no": 1, "text": "Leadership was impressive.",
                             "char_start": start, "char_end": start + 26})
    rows["quotes"].append({"report_id": report_id, "section": "Services", "text": "They helped me.",
                           "char_start": start + 200, "char_end": start + 215})
    rows["sections"].append({"report_id": report_id, "section_path": "Ratings", "heading": "Ratings",
                             "level": 1, "text": "Ratings", "char_start": 10, "char_end": 17})
    rows["extraction_issues"].append({"report_id": report_id, "source_file": f"{report_id}.txt",
                                      "severity": "warning", "code": "isbn_missing_hyphens",
                                      "message": "example warning", "char_start": 5})
    return rows


def build_warehouse(*report_ids: str, con: duckdb.DuckDBPyConnection | None = None,
                    edit: dict[str, list[dict[str, Any]]] | None = None) -> duckdb.DuckDBPyConnection:
    """A warehouse with the DDL of every table and the given reports' rows (after `edit`, if any)."""
    con = empty_warehouse(con)
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    for rid in report_ids or (WIGAN, TAMESIDE):
        for name, rs in report_rows(rid).items():
            rows[name] += rs
    if edit:
        rows.update(edit)
    insert(con, rows)
    return con


def empty_warehouse(con: duckdb.DuckDBPyConnection | None = None) -> duckdb.DuckDBPyConnection:
    """Every working table, empty, in schema `staging`, made the connection's default schema."""
    con = con or duckdb.connect()
    con.execute("CREATE SCHEMA IF NOT EXISTS staging")
    con.execute(f'USE "{con.execute("SELECT current_database()").fetchone()[0]}".staging')
    for table in TABLES:
        con.execute(ddl(table, schema="staging"))
    return con


def insert(con: duckdb.DuckDBPyConnection, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the extracted tables' rows with their derived columns, then the derived tables' rows (from
    `rows` when given, else derived from the reports as the pipeline does)."""
    for table in TABLES:
        if table not in EXTRACTED_TABLES and not rows.get(table.name):
            con.execute(f"DELETE FROM staging.{table.name}")
            con.execute(f"INSERT INTO staging.{table.name} {derived_select(table, 'staging.reports')}")
            continue
        given = rows.get(table.name, [])
        for row in with_derived_columns(table, given) if table in EXTRACTED_TABLES else given:
            cols = [c for c in table.column_names if c in row]
            marks = ", ".join("?" for _ in cols)
            con.execute(f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({marks})",
                        [row[c] for c in cols])


def rows_of(*report_ids: str) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {t.name: [] for t in TABLES}
    for rid in report_ids:
        for name, rs in report_rows(rid).items():
            rows[name] += rs
    return rows
