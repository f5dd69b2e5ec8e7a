"""Row groups of the published Parquet: a fixed number of rows each (fewer for the text-heavy sections),
whatever batches the rows arrive in."""

import datetime as dt
import threading

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pipelines.publish.parquet import write_parquet
from pipelines.schema import TABLES_BY_NAME, Table, arrow_schema

_VALUES = {pa.string(): lambda i: f"value {i}", pa.int32(): lambda i: i, pa.int64(): lambda i: i,
           pa.float64(): lambda i: i / 4, pa.date32(): lambda i: dt.date(2023, 1, 1) + dt.timedelta(i % 300),
           pa.bool_(): lambda i: i % 2 == 0, pa.timestamp("us"): lambda i: dt.datetime(2023, 1, 1, i % 24)}


def _reader(table: Table, rows: int, cuts: list[int]) -> pa.RecordBatchReader:
    schema = arrow_schema(table)
    whole = pa.table({f.name: pa.array([_VALUES[f.type](i) for i in range(rows)], f.type) for f in schema},
                     schema=schema)
    batches, at = [], 0
    for cut in [*cuts, rows]:
        batches.append(whole.slice(at, cut - at).to_batches()[0] if cut > at else None)
        at = cut
    return pa.RecordBatchReader.from_batches(schema, [b for b in batches if b is not None])


def test_sections_are_written_4096_rows_a_row_group(tmp_path):
    path = tmp_path / "sections.parquet"
    assert write_parquet(_reader(TABLES_BY_NAME["sections"], 9000, [1000, 5000]), TABLES_BY_NAME["sections"],
                         path) == 9000
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [4096, 4096, 808]


def test_other_tables_are_written_32768_rows_a_row_group(tmp_path):
    path = tmp_path / "findings.parquet"
    write_parquet(_reader(TABLES_BY_NAME["findings"], 40000, [7]), TABLES_BY_NAME["findings"], path)
    meta = pq.ParquetFile(path).metadata
    assert [meta.row_group(i).num_rows for i in range(meta.num_row_groups)] == [32768, 7232]


def test_bytes_do_not_depend_on_how_the_batches_were_cut(tmp_path):
    table = TABLES_BY_NAME["sections"]
    one, other = tmp_path / "one.parquet", tmp_path / "other.parquet"
    write_parquet(_reader(table, 6000, []), table, one)
    write_parquet(_reader(table, 6000, [1, 4095, 4097, 5999]), table, other)
    assert one.read_bytes() == other.read_bytes()


def test_row_groups_read_ahead_in_a_thread_come_in_order_and_end_with_it():
    from pipelines.publish.parquet import _read_ahead

    made = []

    def groups():
        for i in range(5):
            made.append(threading.current_thread().name)
            yield pa.table({"n": [i]})

    assert [g.column("n")[0].as_py() for g in _read_ahead(groups())] == [0, 1, 2, 3, 4]
    assert set(made) == {"parquet-read-ahead"}
    assert "parquet-read-ahead" not in {t.name for t in threading.enumerate()}


def test_an_error_reading_rows_is_raised_where_they_are_written(tmp_path):
    table = TABLES_BY_NAME["findings"]
    schema = arrow_schema(table)

    def failing():
        yield from _reader(table, 10, [])
        raise OSError("the warehouse went away")

    with pytest.raises(OSError, match="the warehouse went away"):
        write_parquet(pa.RecordBatchReader.from_batches(schema, failing()), table, tmp_path / "f.parquet")
    assert "parquet-read-ahead" not in {t.name for t in threading.enumerate()}


def test_when_writing_fails_the_reading_thread_stops_and_closes_its_rows():
    from pipelines.publish.parquet import _read_ahead

    read, closed = [], []

    def groups():
        try:
            for i in range(1000):
                read.append(i)
                yield pa.table({"n": [i]})
        finally:
            closed.append(True)

    consumed = _read_ahead(groups())
    assert next(consumed).column("n")[0].as_py() == 0
    consumed.close()  # what a writer's error does to the loop that consumes it
    assert closed == [True] and len(read) <= 3  # one written, one queued, one waiting at most
    assert "parquet-read-ahead" not in {t.name for t in threading.enumerate()}
