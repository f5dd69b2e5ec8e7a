"""Deterministic Parquet: one file per table, same rows and code give the same bytes.

Fixed writer options (zstd at a fixed level, row groups of exactly `row_group_size` rows but the last,
format 2.6, statistics, no page index), the schema from `pipelines.schema.arrow_schema` with each column's
description in its field metadata, and nothing time-dependent inside the file. Rows are written as they
stream in, one row group at a time (the next read in a thread while one is written), so a table is never
held whole; a row group's bytes depend only on its rows, never on how the incoming batches were cut. The
footer names the writer (`parquet-cpp-arrow version X`), so bytes are identical for the same locked
pyarrow; an upgrade may change them, and then publishes a new version whose diff shows no row change.
Choosing the rows belongs in `pipelines.publish.rows`.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.schema import Table

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9
FORMAT_VERSION = "2.6"
# Bounds the memory of writing (a row group is buffered whole, then copied once to be contiguous) and
# stays one row group for most tables at 1,000 reports. The sections' text is ~3 KB a row, so their row
# groups are smaller: ~12 MB of text each.
ROW_GROUP_SIZE = 32_768
ROW_GROUP_SIZES = {"sections": 4096}
READ_BATCH_ROWS = 2048


def file_name(table: Table) -> str:
    return f"{table.name}.parquet"


def write_parquet(data: pa.Table | pa.RecordBatchReader, table: Table, path: Path) -> int:
    """Write `data` (already ordered by `table`'s key) to `path` with the fixed writer options, one row
    group at a time. Returns the number of rows written."""
    schema = data.schema
    sorting = [pq.SortingColumn(schema.get_field_index(c), nulls_first=True) for c in table.key]
    rows = 0
    with pq.ParquetWriter(
        path,
        schema,
        version=FORMAT_VERSION,
        compression=COMPRESSION,
        compression_level=COMPRESSION_LEVEL,
        use_dictionary=True,
        write_statistics=True,
        data_page_version="1.0",
        store_schema=True,
        write_page_index=False,
        write_page_checksum=False,
        sorting_columns=sorting,
    ) as writer:
        size = row_group_size(table)
        # closed however the loop ends, so a failed write stops the reading thread at once
        with contextlib.closing(_read_ahead(_row_groups(data, schema, size))) as groups:
            for group in groups:
                writer.write_table(group, row_group_size=size)
                rows += group.num_rows
    return rows


def _read_ahead(groups: Iterator[pa.Table]) -> Iterator[pa.Table]:
    """`groups` in order, the next one read (from DuckDB, which releases the GIL) in a thread while this
    one is compressed and written (zstd, which releases it too): at 1,000 reports the two took ~0.7 and
    ~0.65 s one after the other. One group ahead at most, so memory grows by one row group. An error
    reading is raised here; when writing stops early, the reading thread is stopped before returning."""
    ahead: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def read() -> None:
        try:
            for group in groups:
                while not stop.is_set():
                    try:
                        ahead.put(("group", group), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            ahead.put(("end", None))
        except BaseException as exc:  # noqa: BLE001 (handed to the writing thread, which raises it)
            ahead.put(("error", exc))
        finally:
            if isinstance(groups, Generator):
                groups.close()  # DuckDB's result, when writing stopped early

    reader = threading.Thread(target=read, name="parquet-read-ahead", daemon=True)
    reader.start()
    try:
        while True:
            kind, item = ahead.get()
            if kind == "end":
                return
            if kind == "error":
                raise item
            yield item
    finally:
        stop.set()
        while reader.is_alive():  # let a reader blocked on a full queue see `stop`
            with contextlib.suppress(queue.Empty):
                ahead.get(timeout=0.1)
        reader.join()


def row_group_size(table: Table) -> int:
    return ROW_GROUP_SIZES.get(table.name, ROW_GROUP_SIZE)


def _row_groups(data: pa.Table | pa.RecordBatchReader, schema: pa.Schema, size: int) -> Iterator[pa.Table]:
    """`data` regrouped into contiguous tables of `size` rows (the last may be shorter; an empty table
    when there are no rows, which Parquet writes as one empty row group)."""
    pending: list[pa.RecordBatch] = []
    held, yielded = 0, False
    batches = data.to_batches() if isinstance(data, pa.Table) else data
    for batch in batches:
        while batch.num_rows:
            take = min(batch.num_rows, size - held)
            pending.append(batch.slice(0, take))
            held += take
            batch = batch.slice(take)
            if held == size:
                yield pa.Table.from_batches(pending, schema).combine_chunks()
                pending, held, yielded = [], 0, True
    if held or not yielded:
        yield pa.Table.from_batches(pending, schema).combine_chunks()


def read_schema(path: Path) -> pa.Schema:
    return pq.read_schema(path)


def read_parquet(path: Path, columns: list[str] | None = None) -> pa.Table:
    """The file (or the named columns) as a table, decoded `READ_BATCH_ROWS` at a time on one thread:
    reading a text-heavy row group in one go needs several times the table's size (the sections' 66 MB
    took 240 MB)."""
    with pq.ParquetFile(path) as parquet:
        schema = parquet.schema_arrow
        if columns is not None:
            schema = pa.schema([schema.field(c) for c in columns], metadata=schema.metadata)
        batches = list(parquet.iter_batches(batch_size=READ_BATCH_ROWS, columns=columns, use_threads=False))
        return pa.Table.from_batches(batches, schema)
