"""Deterministic Parquet: one file per table, same rows and code give the same bytes.

Fixed writer options (zstd at a fixed level, one row group, format 2.6, statistics, no page index), the
schema from `pipelines.schema.arrow_schema` with each column's description in its field metadata, and
nothing time-dependent inside the file. The footer names the writer (`parquet-cpp-arrow version X`), so
bytes are identical for the same locked pyarrow; an upgrade may change them, and then publishes a new
version whose diff shows no row change. Choosing the rows belongs in `pipelines.publish.rows`.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from pipelines.schema import Table

COMPRESSION = "zstd"
COMPRESSION_LEVEL = 9
FORMAT_VERSION = "2.6"
# One row group for every table the pipeline produces at its scale; larger tables split at a fixed size.
ROW_GROUP_SIZE = 1_000_000


def file_name(table: Table) -> str:
    return f"{table.name}.parquet"


def write_parquet(data: pa.Table, table: Table, path: Path) -> None:
    """Write `data` (already ordered by `table`'s key) to `path` with the fixed writer options."""
    sorting = [pq.SortingColumn(data.schema.get_field_index(c), nulls_first=True) for c in table.key]
    pq.write_table(
        data.combine_chunks(),
        path,
        row_group_size=ROW_GROUP_SIZE,
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
    )


def read_schema(path: Path) -> pa.Schema:
    return pq.read_schema(path)


def read_parquet(path: Path) -> pa.Table:
    return pq.read_table(path)
