"""`frictionless validate` (the real command line, no options) passes on a real snapshot's
datapackage.json, and fails when a foreign key or a declared type is broken, so the check can fail."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

FRICTIONLESS = Path(sys.executable).with_name("frictionless")


def _validate(package: Path) -> dict:
    out = subprocess.run([str(FRICTIONLESS), "validate", "--json", str(package.name)], cwd=package.parent,
                         capture_output=True, text=True, timeout=300)
    return json.loads(out.stdout)


def _errors(report: dict) -> list[tuple[str, str]]:
    return sorted({(task["name"], err["type"]) for task in report["tasks"] for err in task["errors"]})


def test_the_published_package_validates(real_warehouse: Path):
    report = _validate(real_warehouse / "latest" / "datapackage.json")
    assert _errors(report) == []
    assert report["valid"] is True
    names = [task["name"] for task in report["tasks"]]
    assert names == ["reports", "standards", "key_questions", "recommendations", "findings", "quotes",
                     "sections", "bodies", "rating_history", "extraction_issues"]
    assert all(task["valid"] for task in report["tasks"])


def test_every_resource_declares_keys(real_warehouse: Path):
    manifest = json.loads((real_warehouse / "latest" / "datapackage.json").read_text())
    resources = {r["name"]: r["schema"] for r in manifest["resources"]}
    assert {n: s["primaryKey"] for n, s in resources.items()} == {
        "reports": ["report_id"], "standards": ["standard_id"], "key_questions": ["key_question_id"],
        "recommendations": ["recommendation_id"], "findings": ["finding_id"], "quotes": ["quote_id"],
        "sections": ["section_id"], "bodies": ["body_id"], "rating_history": ["report_id"],
        "extraction_issues": ["issue_id"]}
    refs = {n: sorted((fk["fields"][0], fk["reference"]["resource"]) for fk in s.get("foreignKeys", []))
            for n, s in resources.items()}
    assert refs["key_questions"] == [("report_id", "reports"), ("standard_id", "standards")]
    assert refs["findings"] == [("report_id", "reports"), ("standard_id", "standards")]
    assert refs["reports"] == [("body_id", "bodies")]
    for child in ("standards", "recommendations", "quotes", "sections", "extraction_issues"):
        assert refs[child] == [("report_id", "reports")], child


def _broken_copy(real_warehouse: Path, tmp_path: Path, table: str, sql: str) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(real_warehouse / "latest", copy)
    for path in copy.iterdir():
        path.chmod(0o644)
    target = copy / f"{table}.parquet"
    duckdb.sql(f"COPY ({sql.format(src=str(target))}) TO '{copy / 'new.parquet'}' (FORMAT parquet)")
    (copy / "new.parquet").replace(target)
    return copy / "datapackage.json"


def test_a_recommendation_of_no_published_report_fails_the_foreign_key(real_warehouse: Path, tmp_path: Path):
    package = _broken_copy(real_warehouse, tmp_path, "recommendations",
                           "SELECT * REPLACE (CASE WHEN recommendation_no = 1 THEN 'no-such-report' "
                           "ELSE report_id END AS report_id) FROM '{src}'")
    report = _validate(package)
    assert report["valid"] is False
    assert ("recommendations", "foreign-key") in _errors(report)


def test_a_duplicated_id_fails_the_primary_key(real_warehouse: Path, tmp_path: Path):
    package = _broken_copy(real_warehouse, tmp_path, "standards",
                           "SELECT * FROM '{src}' UNION ALL (SELECT * FROM '{src}' LIMIT 1)")
    assert ("standards", "primary-key") in _errors(_validate(package))
