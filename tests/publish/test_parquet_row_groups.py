"""Row groups of the published Parquet: a fixed number of rows each (fewer for the text-heavy sections),
whatever batches the rows arrive in."""

import datetime as dt

import pyarrow as pa
import pyarrow.parquet as pq

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
