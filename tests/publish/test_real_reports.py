"""Publishing the sample reports in raw/, extracted and loaded by the real pipeline code."""

import json
import shutil
from pathlib import Path

from pipelines.extract import extract_file
from pipelines.publish import list_snapshots
from pipelines.schema import TABLES
from pipelines.warehouse.load import load_tables

from .builders import make_warehouse, publish

RAW = Path(__file__).resolve().parents[2] / "raw"
TAMESIDE = "tameside-pdu-2023-05"
WIGAN = "wigan-pdu-2023-05"


def _load_raw(con, raw: Path) -> set[str]:
    extractions = [extract_file(p) for p in sorted(raw.glob("*.txt"))]
    reports = [e for e in extractions if e.is_report]
    load_tables(con, reports, extractions)
    return {e.report_id for e in reports}


def _run(raw: Path, warehouse: Path):
    con = make_warehouse(warehouse, rows={t.name: [] for t in TABLES})
    try:
        return publish(con, warehouse, report_ids=_load_raw(con, raw))
    finally:
        con.close()


def test_two_runs_on_the_same_raw_give_one_snapshot_and_identical_bytes(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    first, second = _run(raw, tmp_path / "wh"), _run(raw, tmp_path / "wh")
    other = _run(raw, tmp_path / "other")
    assert first.published and not second.published
    assert first.tables["reports"] == 2 and first.tables["standards"] == 20
    assert len(list_snapshots(tmp_path / "wh")) == 1
    for t in TABLES:
        name = f"{t.name}.parquet"
        ours, theirs = tmp_path / "wh" / "latest" / name, tmp_path / "other" / "latest" / name
        assert ours.read_bytes() == theirs.read_bytes()
    assert other.content_hash == first.content_hash


def test_changing_one_percentage_in_one_report_changes_exactly_its_rows(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    _run(raw, tmp_path / "wh")
    report = raw / f"{TAMESIDE}.txt"
    text = report.read_text(encoding="utf-8")
    # 58% -> 59%: same band (Requires improvement), so the extractor's cross-checks stay quiet
    report.write_text(text.replace("decision-making?\t58%", "decision-making?\t59%"), encoding="utf-8")
    result = _run(raw, tmp_path / "wh")

    assert result.published and result.version.endswith(".2")
    diff = json.loads((tmp_path / "wh" / "latest" / "diff.json").read_text())
    assert diff["summary"]["reports_affected"] == [TAMESIDE]
    assert diff["summary"]["rows_added"] == 0 and diff["summary"]["rows_removed"] == 0
    assert diff["tables"]["key_questions"]["changed"]["rows"] == [{
        "key": {"report_id": TAMESIDE, "standard_code": "2.1", "question_no": 1},
        "columns": {"yes_pct": {"before": 58.0, "after": 59.0}},
    }]
    reports = diff["tables"]["reports"]["changed"]["rows"]
    assert [(r["key"]["report_id"], sorted(r["columns"])) for r in reports] == [(TAMESIDE, ["source_sha256"])]
    for name, table in diff["tables"].items():
        for row in table["changed"]["rows"]:
            assert row["key"]["report_id"] == TAMESIDE, name
        if name not in ("reports", "key_questions", "sections"):
            assert table["changed"]["count"] == 0, name
    sections = diff["tables"]["sections"]["changed"]["rows"]
    assert sections and all(list(r["columns"]) == ["text"] for r in sections)
    assert WIGAN not in (tmp_path / "wh" / "latest" / "CHANGES.md").read_text()
