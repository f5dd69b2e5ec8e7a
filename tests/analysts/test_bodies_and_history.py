"""Bodies and history: one body inspected under name variants keeps one body_id, and rating_history gives
its inspections in order with the change since the previous one. Expected values written by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipelines.publish.bodies import body_id, normalised_body_id, read_renamings
from pipelines.publish.derived import rating_order, with_derived_columns
from pipelines.schema import FINDINGS, QUOTES, STANDARDS
from tests.publish.builders import NORTH, SOUTH, _report, make_warehouse, publish, sample_rows

NORTH_2025 = "northtown-probation-delivery-unit-2025-03"
NORTH_2026 = "northtown-2026-01"


@pytest.mark.parametrize(("name", "expected"), [
    ("Wigan PDU", "wigan-pdu"),
    ("Wigan Probation Delivery Unit", "wigan-pdu"),
    ("WIGAN  probation delivery\nunit", "wigan-pdu"),
    ("Conwy & Denbighshire", "conwy-and-denbighshire"),
    ("Conwy and Denbighshire", "conwy-and-denbighshire"),
    ("Bath and North East Somerset Youth Justice Service", "bath-and-north-east-somerset-yjs"),
    ("Southend-on-Sea", "southend-on-sea"),
])
def test_name_variants_normalise_to_one_id(name: str, expected: str):
    assert normalised_body_id(name) == expected


def test_a_name_without_letters_is_an_error():
    with pytest.raises(ValueError, match="no letters"):
        normalised_body_id(" - ")


def test_renamings_map_a_former_name_to_the_body_and_bad_files_are_refused(tmp_path: Path):
    good = tmp_path / "renamings.csv"
    good.write_text("# comment\nformer_body_id,body_id,source\nnorthtown-pdu,northtown-and-district-pdu,x\n")
    renamings = read_renamings(good)
    assert renamings == {"northtown-pdu": "northtown-and-district-pdu"}
    assert body_id("Northtown Probation Delivery Unit", renamings) == "northtown-and-district-pdu"
    assert body_id("Southvale PDU", renamings) == "southvale-pdu"
    chained = tmp_path / "chained.csv"
    chained.write_text("former_body_id,body_id,source\na-pdu,b-pdu,x\nb-pdu,c-pdu,y\n")
    with pytest.raises(ValueError, match="itself renamed"):
        read_renamings(chained)
    unnormalised = tmp_path / "bad.csv"
    unnormalised.write_text("former_body_id,body_id,source\nNorthtown PDU,b-pdu,x\n")
    with pytest.raises(ValueError, match="bad.csv"):
        read_renamings(unnormalised)


def test_the_shipped_renamings_file_reads():
    from pipelines.publish.bodies import RENAMINGS_FILE
    assert isinstance(read_renamings(RENAMINGS_FILE), dict)


def test_rating_orders():
    assert [rating_order(r) for r in ("Inadequate", "Requires improvement", "Good", "Outstanding", None)] == [
        1, 2, 3, 4, None]
    assert rating_order("Very good") is None  # the allowed-set and order expectations fail on it


def test_ids_of_standards_findings_and_quotes():
    standards = with_derived_columns(STANDARDS, [{"report_id": "a-pdu-2023-05", "standard_code": "2.2",
                                                  "rating": "Good"}])
    assert (standards[0]["standard_id"], standards[0]["rating_order"]) == ("a-pdu-2023-05/2.2", 3)
    findings = with_derived_columns(FINDINGS, [
        {"report_id": "a-pdu-2023-05", "standard_code": None, "section": "Diversity & inclusion",
         "kind": "strength", "finding_no": 2}])
    assert findings[0]["finding_id"] == "a-pdu-2023-05/-/diversity-inclusion/strength-2"
    assert findings[0]["standard_id"] is None
    quotes = with_derived_columns(QUOTES, [{"report_id": "r", "char_start": 900},
                                           {"report_id": "r", "char_start": 100},
                                           {"report_id": "s", "char_start": 500}])
    assert [q["quote_id"] for q in quotes] == ["r/quote-2", "r/quote-1", "s/quote-1"]


@pytest.fixture
def history(tmp_path: Path):
    rows = sample_rows()
    rows["reports"] += [
        _report(NORTH_2025, "Northtown Probation Delivery Unit", dt.date(2025, 3, 1), "Good", 16, "n25.txt"),
        # an older-style report out of 30: its score does not compare with one out of 27
        {**_report(NORTH_2026, "NORTHTOWN PDU", dt.date(2026, 1, 1), "Outstanding", 25, "n26.txt"),
         "score_max": 30, "region": None},
    ]
    folder = tmp_path / "warehouse"
    con = make_warehouse(folder, rows)
    publish(con, folder, report_ids={NORTH, SOUTH, NORTH_2025, NORTH_2026})
    con.close()
    return folder / "latest"


def test_one_body_across_name_variants_in_bodies(history: Path):
    bodies = pq.read_table(history / "bodies.parquet").to_pylist()
    assert [(b["body_id"], b["body_name"], b["region"], b["names"], b["inspections"],
             b["first_publication_month"], b["last_publication_month"]) for b in bodies] == [
        ("northtown-pdu", "NORTHTOWN PDU", "North region",
         "NORTHTOWN PDU | Northtown PDU | Northtown Probation Delivery Unit", 3,
         dt.date(2023, 5, 1), dt.date(2026, 1, 1)),
        ("southvale-pdu", "Southvale PDU", "North region", "Southvale PDU", 1,
         dt.date(2023, 6, 1), dt.date(2023, 6, 1)),
    ]
    reports = pq.read_table(history / "reports.parquet").to_pylist()
    assert {r["report_id"]: r["body_id"] for r in reports} == {
        NORTH: "northtown-pdu", NORTH_2025: "northtown-pdu", NORTH_2026: "northtown-pdu",
        SOUTH: "southvale-pdu"}
    assert {r["report_id"]: r["overall_rating_order"] for r in reports} == {
        NORTH: 2, NORTH_2025: 3, NORTH_2026: 4, SOUTH: 3}


def test_rating_history_in_order_with_changes(history: Path):
    rows = pq.read_table(history / "rating_history.parquet").to_pylist()
    got = [(r["body_id"], r["inspection_no"], r["report_id"], r["previous_report_id"],
            r["previous_overall_rating"], r["overall_rating_order_change"], r["score_change"]) for r in rows]
    assert got == [
        ("northtown-pdu", 1, NORTH, None, None, None, None),
        ("northtown-pdu", 2, NORTH_2025, NORTH, "Requires improvement", 1, 7),  # RI 9/27 -> Good 16/27
        ("northtown-pdu", 3, NORTH_2026, NORTH_2025, "Good", 1, None),  # 16/27 -> 25/30: not comparable
        ("southvale-pdu", 1, SOUTH, None, None, None, None),
    ]


def test_held_back_reports_are_not_in_bodies_or_history(tmp_path: Path):
    folder = tmp_path / "warehouse"
    con = make_warehouse(folder)  # westmere is in the warehouse but not published
    publish(con, folder)
    staged = con.execute("SELECT body_id FROM staging.bodies ORDER BY 1").fetchall()
    con.close()
    assert ("westmere-pdu",) in staged
    bodies = pq.read_table(folder / "latest" / "bodies.parquet").column("body_id").to_pylist()
    history = pq.read_table(folder / "latest" / "rating_history.parquet").column("report_id").to_pylist()
    assert bodies == ["northtown-pdu", "southvale-pdu"]
    assert history == [NORTH, SOUTH]
