"""diff_tables on hand-built Arrow tables: NULL keys, schema changes, tables added or removed."""

import pyarrow as pa

from pipelines.publish.changes import render_changes_markdown
from pipelines.publish.diff import diff_tables


def _issues(rows):
    return pa.table({
        "report_id": pa.array([r[0] for r in rows], pa.string()),
        "source_file": pa.array([r[1] for r in rows], pa.string()),
        "char_start": pa.array([r[2] for r in rows], pa.int32()),
        "message": pa.array([r[3] for r in rows], pa.string()),
    })


KEY = ["source_file", "char_start"]


def test_null_key_values_match_each_other():
    before = _issues([(None, "a.txt", None, "no report"), ("r1", "b.txt", 5, "bad quote")])
    after = _issues([(None, "a.txt", None, "no report found"), ("r1", "b.txt", 5, "bad quote")])
    diff = diff_tables(before, after, KEY)
    assert diff["added"]["count"] == 0 and diff["removed"]["count"] == 0
    assert diff["changed"]["rows"] == [{
        "key": {"source_file": "a.txt", "char_start": None, "report_id": None},
        "columns": {"message": {"before": "no report", "after": "no report found"}},
    }]
    assert diff["reports"] == {"added": [], "removed": [], "changed": [None]}


def test_schema_changes_are_reported():
    before = _issues([("r1", "b.txt", 5, "x")]).drop_columns(["report_id"])
    after = _issues([("r1", "b.txt", 5, "x")]).append_column("severity", pa.array(["warning"]))
    after = after.set_column(after.schema.get_field_index("char_start"), "char_start",
                             after.column("char_start").cast(pa.int64()))
    diff = diff_tables(before, after, KEY)
    assert diff["schema"]["added_columns"] == ["report_id", "severity"]
    assert diff["schema"]["removed_columns"] == []
    assert diff["schema"]["type_changes"] == [{"column": "char_start", "before": "int32", "after": "int64"}]
    assert diff["changed"]["count"] == 0 and diff["added"]["count"] == 0


def test_table_added_lists_every_row_as_added():
    after = _issues([("r1", "b.txt", 5, "x"), ("r2", "c.txt", 7, "y")])
    diff = diff_tables(None, after, KEY)
    assert diff["status"] == "added"
    assert diff["added"]["count"] == 2
    assert diff["reports"]["added"] == ["r1", "r2"]
    removed = diff_tables(after, None, KEY)
    assert removed["status"] == "removed" and removed["removed"]["count"] == 2


def test_changes_markdown_escapes_table_pipes_and_lists_schema_changes():
    before = _issues([("r1", "b.txt", 5, "a | b")])
    after = _issues([("r1", "b.txt", 5, "a | c")])
    diff = {"from": "2026-01-01.1", "to": "2026-01-02.1",
            "summary": {"rows_added": 0, "rows_removed": 0, "rows_changed": 1,
                        "tables_with_schema_changes": [], "reports_affected": ["r1"]},
            "tables": {"extraction_issues": diff_tables(before, after, KEY)}}
    text = render_changes_markdown(diff)
    assert "`message` a \\| b -> a \\| c" in text
    assert "## Schema changes\n\nNone." in text


def test_a_column_whose_type_changed_counts_as_changed_only_where_its_text_did():
    before = _issues([("r1", "b.txt", 5, "7"), ("r2", "c.txt", 6, "8")])
    after = before.set_column(3, "message", pa.array([7, 9], pa.int64()))
    diff = diff_tables(before, after, KEY)
    assert diff["changed"]["count"] == 1
    assert diff["changed"]["rows"] == [{"key": {"source_file": "c.txt", "char_start": 6, "report_id": "r2"},
                                        "columns": {"message": {"before": "8", "after": 9}}}]


def test_a_change_deep_inside_a_long_text_is_found():
    text = "word " * 2000
    before = _issues([("r1", "b.txt", 5, text), ("r2", "c.txt", 6, text)])
    after = _issues([("r1", "b.txt", 5, text), ("r2", "c.txt", 6, text[:5000] + "Word" + text[5004:])])
    diff = diff_tables(before, after, KEY)
    assert diff["changed"]["count"] == 1 and diff["reports"]["changed"] == ["r2"]
    assert diff["changed"]["rows"][0]["columns"]["message"]["from_char"] == 4940


def test_a_table_added_or_removed_is_diffed_as_against_an_empty_one():
    # the one-sided shortcut (no join) gives what the full comparison with an empty table gives
    rows = [(None, "a.txt", None, "no report"), ("r2", "c.txt", 7, "y"), ("r1", "b.txt", 5, "x"),
            ("r1", "b.txt", 2, "z")]
    table, empty = _issues(rows), _issues([])
    for one_sided, full in ((diff_tables(None, table, KEY), diff_tables(empty, table, KEY)),
                            (diff_tables(table, None, KEY), diff_tables(table, empty, KEY))):
        compared = [{k: v for k, v in d.items() if k not in ("status", "schema")} for d in (one_sided, full)]
        assert compared[0] == compared[1]
    added = diff_tables(None, table, KEY)
    assert [r["key"] for r in added["added"]["rows"]] == [  # key order, NULLs first, then report_id
        {"source_file": "a.txt", "char_start": None, "report_id": None},
        {"source_file": "b.txt", "char_start": 2, "report_id": "r1"},
        {"source_file": "b.txt", "char_start": 5, "report_id": "r1"},
        {"source_file": "c.txt", "char_start": 7, "report_id": "r2"}]
    assert added["reports"] == {"added": [None, "r1", "r2"], "removed": [], "changed": []}
    assert added["removed"] == added["changed"] == {"count": 0, "rows": [], "truncated": False}
