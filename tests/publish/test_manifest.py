"""datapackage.json describes the snapshot truthfully: files, hashes, schema, licence, inputs, quality."""

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

import pyarrow.parquet as pq

from .builders import INPUTS, QUALITY, QUALITY_HTML, publish


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "latest" / "datapackage.json").read_text(encoding="utf-8"))


def test_every_table_file_matches_its_sha256_bytes_and_rows(warehouse):
    folder, con = warehouse
    publish(con, folder)
    manifest = _manifest(folder)
    names = [r["name"] for r in manifest["resources"]]
    assert names == ["reports", "standards", "key_questions", "recommendations", "findings", "quotes",
                     "sections", "bodies", "rating_history", "extraction_issues"]
    for res in manifest["resources"]:
        data = (folder / "latest" / res["path"]).read_bytes()
        assert res["path"] == f"{res['name']}.parquet"
        assert res["sha256"] == hashlib.sha256(data).hexdigest()
        assert res["hash"] == "sha256:" + res["sha256"]
        assert res["file_bytes"] == len(data)
        assert "bytes" not in res  # frictionless cannot check a Parquet file's byte count
        assert res["rows"] == pq.ParquetFile(folder / "latest" / res["path"]).metadata.num_rows
        assert res["format"] == "parquet"


def test_content_hash_is_recomputable_from_the_listed_sha256s(warehouse):
    folder, con = warehouse
    result = publish(con, folder)
    manifest = _manifest(folder)
    lines = "".join(f"{r['name']} {r['sha256']}\n" for r in manifest["resources"])
    assert manifest["content_hash"] == "sha256:" + hashlib.sha256(lines.encode()).hexdigest()
    assert result.content_hash == manifest["content_hash"]


def test_manifest_carries_version_licence_code_inputs_and_quality(warehouse):
    folder, con = warehouse
    publish(con, folder)
    m = _manifest(folder)
    assert m["profile"] == "tabular-data-package"
    assert m["version"] == "2026-11-22.1" and m["previous_version"] is None
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["created"])
    assert m["licenses"][0]["name"] == "OGL-UK-3.0"
    assert "Open Government Licence v3.0" in m["licenses"][0]["title"]
    assert "Crown copyright" in m["attribution"] and "HM Inspectorate of Probation" in m["attribution"]
    assert m["code"]["package"] == "hmip-pipelines"
    assert m["code"]["version"] == metadata.version("hmip-pipelines")
    assert m["code"]["git_commit"] is None or re.fullmatch(r"[0-9a-f]{40}", m["code"]["git_commit"])
    assert m["reports"] == 2
    assert [(i["name"], i["status"]) for i in m["inputs"]] == [
        ("northtown.txt", "published"), ("notes.txt", "error"), ("southvale.txt", "published"),
        ("westmere.txt", "held_back")]
    assert m["inputs"][3]["reason"] == "key_questions: yes_pct 105 outside 0..100"
    assert m["quality"]["verdict"] == "partial"  # one report held back, the others publish
    assert m["quality"]["summary"]["reports"] == 3
    assert m["quality"]["summary"]["published"] == 2 and m["quality"]["summary"]["held_back"] == 1
    assert json.loads((folder / "latest" / "quality.json").read_text()) == QUALITY
    assert (folder / "latest" / "quality.html").read_text() == QUALITY_HTML
    assert len(INPUTS) == len(m["inputs"])


def test_table_schema_has_descriptions_types_and_keys(warehouse):
    folder, con = warehouse
    publish(con, folder)
    resources = {r["name"]: r for r in _manifest(folder)["resources"]}
    kq = resources["key_questions"]["schema"]
    fields = {f["name"]: f for f in kq["fields"]}
    assert fields["yes_pct"]["type"] == "number"
    assert fields["yes_pct"]["description"] == "Percentage of inspected cases judged 'Yes' (0-100)."
    assert fields["yes_pct"]["constraints"] == {"minimum": 0, "maximum": 100}
    assert fields["question_no"]["type"] == "integer"
    assert kq["primaryKey"] == ["key_question_id"]
    assert kq["key"] == ["report_id", "standard_code", "question_no"]
    assert kq["foreignKeys"] == [
        {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}},
        {"fields": ["standard_id"], "reference": {"resource": "standards", "fields": ["standard_id"]}}]
    assert fields["key_question_id"]["constraints"] == {"required": True}
    assert "missingValues" not in fields["question_no"]  # required: a NULL there is an error
    assert fields["page_no"]["missingValues"] == ["", "nan"]  # pandas hands frictionless NULL as NaN
    reports = {f["name"]: f for f in resources["reports"]["schema"]["fields"]}
    assert reports["publication_month"]["type"] == "date"
    assert reports["report_id"]["constraints"] == {"required": True}
    issues = resources["extraction_issues"]["schema"]
    assert issues["primaryKey"] == ["issue_id"]  # char_start may be NULL: the id, not the key, is primary
    assert issues["key"] == ["source_file", "code", "char_start", "message"]


def test_published_snapshot_files_are_read_only(warehouse):
    folder, con = warehouse
    result = publish(con, folder)
    for path in result.path.iterdir():
        assert path.stat().st_mode & 0o222 == 0, path.name
