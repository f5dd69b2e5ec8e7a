"""Changing one report gives a new version whose diff names exactly that report's changed rows."""

import json

from pipelines.publish import diff_snapshots, render_changes_markdown

from .builders import NORTH, SOUTH, load, publish, sample_rows


def _change_south(rows):
    for kq in rows["key_questions"]:
        if kq["report_id"] == SOUTH and kq["question_no"] == 2:
            kq["yes_pct"] = 58.5
    rows["findings"].append({
        "report_id": SOUTH, "standard_code": "2.2", "section": "Assessment", "kind": "strength",
        "finding_no": 2, "text": "Assessments drew on information from partners.", "char_start": 2550,
        "char_end": 2590, "page_no": None})
    rows["quotes"] = [q for q in rows["quotes"] if q["report_id"] != SOUTH]
    return rows


def test_changed_report_gives_new_version_and_diff_of_exactly_its_rows(warehouse):
    folder, con = warehouse
    first = publish(con, folder)
    load(con, _change_south(sample_rows()))
    second = publish(con, folder)

    assert second.published and second.version == "2026-11-22.2"
    assert second.previous_version == first.version
    assert (folder / "latest").resolve() == (folder / "snapshots" / "2026-11-22.2").resolve()
    diff = json.loads((folder / "latest" / "diff.json").read_text())
    assert diff["from"] == "2026-11-22.1" and diff["to"] == "2026-11-22.2"
    assert diff["summary"]["rows_added"] == 1
    assert diff["summary"]["rows_removed"] == 1
    assert diff["summary"]["rows_changed"] == 1
    assert diff["summary"]["reports_affected"] == [SOUTH]
    assert diff["summary"]["tables_with_schema_changes"] == []

    kq = diff["tables"]["key_questions"]
    assert kq["changed"]["rows"] == [{
        "key": {"report_id": SOUTH, "standard_code": "2.2", "question_no": 2},
        "columns": {"yes_pct": {"before": 82.25, "after": 58.5}},
    }]
    assert diff["tables"]["findings"]["added"]["rows"] == [
        {"key": {"report_id": SOUTH, "standard_code": "2.2", "section": "Assessment", "kind": "strength",
                 "finding_no": 2}}]
    assert diff["tables"]["quotes"]["removed"]["rows"] == [
        {"key": {"report_id": SOUTH, "char_start": 2700}}]
    for name in ("reports", "standards", "recommendations", "sections", "extraction_issues"):
        t = diff["tables"][name]
        assert (t["added"]["count"], t["removed"]["count"], t["changed"]["count"]) == (0, 0, 0), name
        assert t["rows_before"] == t["rows_after"]

    changes = (folder / "latest" / "CHANGES.md").read_text()
    assert "since `2026-11-22.1`" in changes
    assert "| `key_questions` | 4 | 4 | 0 | 0 | 1 |" in changes
    assert "`yes_pct` 82.25 -> 58.5" in changes
    assert NORTH not in changes


def test_diff_snapshots_between_published_versions_matches_the_stored_diff(warehouse):
    folder, con = warehouse
    publish(con, folder)
    load(con, _change_south(sample_rows()))
    publish(con, folder)
    snaps = folder / "snapshots"
    diff = diff_snapshots(snaps / "2026-11-22.1", snaps / "2026-11-22.2")
    stored = json.loads((snaps / "2026-11-22.2" / "diff.json").read_text())
    assert diff == stored
    assert render_changes_markdown(diff) == (snaps / "2026-11-22.2" / "CHANGES.md").read_text()


def test_removed_report_disappears_and_the_diff_says_so(warehouse):
    folder, con = warehouse
    publish(con, folder)
    result = publish(con, folder, report_ids={NORTH})
    assert result.published
    diff = json.loads((folder / "latest" / "diff.json").read_text())
    assert diff["tables"]["reports"]["removed"]["rows"] == [{"key": {"report_id": SOUTH}}]
    assert diff["summary"]["reports_affected"] == [SOUTH]
    assert diff["summary"]["rows_added"] == 0 and diff["summary"]["rows_changed"] == 0
    # its report, 2 standards, 2 key questions, 1 recommendation, 2 findings, 1 quote, 2 sections,
    # its body (inspected once) and its rating_history row
    assert diff["summary"]["rows_removed"] == 13
