from pipelines.extract.model import Extraction, Issue
from pipelines.inputs.resolve import resolve


def _ext(name: str, sha: str, report_id: str | None, rating: str = "Good", issues=()) -> Extraction:
    rows = {}
    if report_id:
        rows = {
            "reports": [{"report_id": report_id, "source_file": name, "source_sha256": sha,
                         "overall_rating": rating}],
            "standards": [{"report_id": report_id, "standard_code": "1.1", "rating": rating,
                           "char_start": len(name), "char_end": len(name) + 5}],
        }
    return Extraction(name, sha, "v1", report_id, rows, list(issues))


def test_same_report_in_two_files_with_equal_rows_keeps_first_and_reports_duplicate():
    # different names, hashes and offsets (provenance) but the same content
    res = resolve([_ext("b.pdf", "s2", "x-pdu-2023-05"), _ext("a.txt", "s1", "x-pdu-2023-05")])
    assert [e.source_file for e in res.reports] == ["a.txt"]
    by_name = {s.name: s for s in res.inputs}
    assert by_name["a.txt"].status == "extracted"
    assert by_name["b.pdf"].status == "duplicate"
    assert "a.txt" in by_name["b.pdf"].reason


def test_same_report_with_different_rows_is_held_back_as_conflict_naming_both_files():
    res = resolve([
        _ext("a.txt", "s1", "x-pdu-2023-05", "Good"),
        _ext("b.txt", "s2", "x-pdu-2023-05", "Inadequate"),
    ])
    assert res.reports == []
    assert {s.status for s in res.inputs} == {"conflict"}
    assert "a.txt" in res.inputs[0].reason and "b.txt" in res.inputs[0].reason


def test_file_with_error_is_listed_with_its_reason_and_not_loaded():
    bad = _ext("junk.bin", "s3", None, issues=[Issue("error", "not_text", "junk.bin: binary content")])
    res = resolve([bad, _ext("a.txt", "s1", "x-pdu-2023-05")])
    assert [e.report_id for e in res.reports] == ["x-pdu-2023-05"]
    junk = next(s for s in res.inputs if s.name == "junk.bin")
    assert (junk.status, junk.reason) == ("error", "junk.bin: binary content")
    assert len(res.extractions) == 2  # issues of every file still reach extraction_issues


def test_files_differing_only_in_blank_lines_are_duplicates_not_conflicts():
    a = _ext("a.txt", "s1", "x-pdu-2023-05")
    b = _ext("a.docx", "s2", "x-pdu-2023-05")
    a.rows["sections"] = [{"report_id": "x-pdu-2023-05", "text": "Ratings\n\n\n\nScore 7/27"}]
    b.rows["sections"] = [{"report_id": "x-pdu-2023-05", "text": "Ratings\n\nScore 7/27"}]
    statuses = [(s.name, s.status) for s in resolve([a, b]).inputs]
    assert statuses == [("a.docx", "extracted"), ("a.txt", "duplicate")]


def test_a_file_gone_from_raw_is_listed_as_removed_once():
    from pipelines.inputs.statuses import with_removed

    current = [{"name": "b.txt", "report_id": "b", "status": "published", "reason": ""}]
    previous = [
        {"name": "a.txt", "report_id": "a", "status": "published", "reason": ""},
        {"name": "b.txt", "report_id": "b", "status": "published", "reason": ""},
        {"name": "old.txt", "report_id": "o", "status": "removed", "reason": "gone earlier"},
    ]
    rows = with_removed(current, previous)
    assert [(r["name"], r["status"]) for r in rows] == [("a.txt", "removed"), ("b.txt", "published")]


def test_a_conflict_is_held_back_in_the_report_status():
    from pipelines.inputs.resolve import InputStatus
    from pipelines.inputs.statuses import hold_back_conflicts

    status = {"a-pdu-2023-05": ("published", [])}
    inputs = [InputStatus("b1.txt", "s1", "b-pdu-2023-05", "conflict", "files b1.txt, b2.txt all yield ..."),
              InputStatus("b2.txt", "s2", "b-pdu-2023-05", "conflict", "files b1.txt, b2.txt all yield ..."),
              InputStatus("a.txt", "s3", "a-pdu-2023-05", "extracted")]
    hold_back_conflicts(status, inputs)
    assert status == {"a-pdu-2023-05": ("published", []),
                      "b-pdu-2023-05": ("held_back", ["conflict: files b1.txt, b2.txt all yield ..."])}


def test_a_conflict_keeps_the_file_latest_published_and_holds_back_the_edited_copy():
    from pipelines.inputs.resolve import published_files

    latest_inputs = [
        {"name": "wigan.txt", "sha256": "s1", "report_id": "x-pdu-2023-05", "status": "published"},
        {"name": "old.txt", "sha256": "s9", "report_id": "y-pdu-2023-05", "status": "held_back"}]
    res = resolve([_ext("wigan.txt", "s1", "x-pdu-2023-05", "Good"),
                   _ext("a-wigan-v2.txt", "s2", "x-pdu-2023-05", "Inadequate"),  # sorts first by name
                   _ext("wigan copy.txt", "s3", "x-pdu-2023-05", "Good")],  # same rows as the published
                  published_files(latest_inputs))
    assert [e.source_file for e in res.reports] == ["wigan.txt"]
    by_name = {s.name: s for s in res.inputs}
    assert by_name["wigan.txt"].status == "extracted"
    assert by_name["wigan copy.txt"].status == "duplicate"
    edited = by_name["a-wigan-v2.txt"]
    assert edited.status == "conflict"
    assert "published from wigan.txt" in edited.reason and "held back" in edited.reason


def test_a_conflict_where_no_file_was_published_holds_back_both():
    from pipelines.inputs.resolve import published_files

    held = [{"name": "a.txt", "sha256": "s1", "report_id": "x-pdu-2023-05", "status": "held_back"}]
    res = resolve([_ext("a.txt", "s1", "x-pdu-2023-05", "Good"),
                   _ext("b.txt", "s2", "x-pdu-2023-05", "Inadequate")], published_files(held))
    assert res.reports == []
    assert {s.name: s.status for s in res.inputs} == {"a.txt": "conflict", "b.txt": "conflict"}


def test_a_report_read_with_errors_is_held_back_under_its_id_with_the_reason():
    """A report with no usable date keeps its rows under a provisional id: held back, named, with the
    reason; and the quality report counts it as held back."""
    from pipelines.inputs.statuses import hold_back_conflicts

    undated = _ext("sunderland.html", "s4", "sunderland-pdu-undated", issues=[
        Issue("error", "no_publication_month", "held back: no usable publication date")])
    res = resolve([undated, _ext("a.txt", "s1", "x-pdu-2023-05")])
    assert [e.report_id for e in res.reports] == ["x-pdu-2023-05"]
    held = next(s for s in res.inputs if s.name == "sunderland.html")
    assert (held.status, held.report_id, held.reason) == (
        "held_back", "sunderland-pdu-undated", "held back: no usable publication date")
    report_status: dict = {}
    hold_back_conflicts(report_status, res.inputs)
    assert report_status == {"sunderland-pdu-undated": (
        "held_back", ["extraction: held back: no usable publication date"])}
