"""Which rows reach the snapshot: the published reports', plus issues of files that yielded no report."""

import pyarrow.parquet as pq

from pipelines.publish import rows
from pipelines.publish.parquet import write_parquet
from pipelines.schema import TABLES_BY_NAME

from .builders import HELD, NORTH, SOUTH, publish


def test_only_reports_that_passed_the_gate_are_published(warehouse):
    folder, con = warehouse
    result = publish(con, folder)

    assert result.tables == {"reports": 2, "standards": 4, "key_questions": 4, "recommendations": 2,
                             "findings": 4, "quotes": 2, "sections": 4, "bodies": 2, "rating_history": 2,
                             "extraction_issues": 2}
    reports = pq.read_table(folder / "latest" / "reports.parquet").column("report_id").to_pylist()
    assert reports == [NORTH, SOUTH]
    for name in ("standards", "key_questions", "findings", "sections"):
        ids = set(pq.read_table(folder / "latest" / f"{name}.parquet").column("report_id").to_pylist())
        assert ids == {NORTH, SOUTH}


def test_extraction_issues_keep_fileless_issues_and_drop_held_back_ones(warehouse):
    folder, con = warehouse
    publish(con, folder)
    rows = pq.read_table(folder / "latest" / "extraction_issues.parquet").to_pylist()

    assert [(r["report_id"], r["source_file"], r["code"]) for r in rows] == [
        (NORTH, "northtown.txt", "quote_unclosed"),
        (None, "notes.txt", "no_report"),
    ]
    assert all(r["report_id"] != HELD for r in rows)


def test_rows_are_ordered_by_key(warehouse):
    folder, con = warehouse
    publish(con, folder)
    kq = pq.read_table(folder / "latest" / "key_questions.parquet").to_pylist()
    assert [(r["report_id"], r["question_no"]) for r in kq] == [
        (NORTH, 1), (NORTH, 2), (SOUTH, 1), (SOUTH, 2)]
    metadata = pq.ParquetFile(folder / "latest" / "key_questions.parquet").metadata
    sorting = metadata.row_group(0).sorting_columns
    assert [metadata.schema.column(s.column_index).name for s in sorting] == [
        "report_id", "standard_code", "question_no"]


def test_nothing_is_published_when_no_report_passed(warehouse):
    folder, con = warehouse
    result = publish(con, folder, report_ids=set())
    assert not result.published
    assert "no report passed" in result.reason
    assert not (folder / "latest").exists()



def test_rows_sorted_a_few_reports_at_a_time_keep_the_one_total_order(warehouse, tmp_path, monkeypatch):
    """Tables keyed by report are sorted in runs of consecutive report ids: one report a run gives the
    order and the bytes that runs of many reports give."""
    folder, con = warehouse
    publish(con, folder)
    monkeypatch.setattr(rows, "REPORTS_PER_SORT", 1)

    kq = rows.published_rows(con, TABLES_BY_NAME["key_questions"], {SOUTH, NORTH}).read_all().to_pylist()
    assert [(r["report_id"], r["question_no"]) for r in kq] == [
        (NORTH, 1), (NORTH, 2), (SOUTH, 1), (SOUTH, 2)]
    for name in ("standards", "key_questions", "findings", "quotes", "sections"):
        table, again = TABLES_BY_NAME[name], tmp_path / f"{name}.parquet"
        write_parquet(rows.published_rows(con, table, {NORTH, SOUTH}), table, again)
        assert again.read_bytes() == (folder / "latest" / f"{name}.parquet").read_bytes(), name
