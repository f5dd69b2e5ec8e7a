"""Which warehouse rows a snapshot publishes, streamed from DuckDB in a fixed order as typed Arrow batches.

A table publishes the rows of the reports that passed the quality gate; `extraction_issues` also keeps
the rows with no report (files that yielded none) so reviewers see them; the derived tables (`bodies`,
`rating_history`) are built again from the published reports only. Rows are ordered by the table's
key, then by every other column, NULLs first, so the same rows always come out in the same order however
they were loaded. The rows come as a `pyarrow.RecordBatchReader` (DuckDB sorts, spilling to disk past its
memory limit, and hands over `BATCH_ROWS` at a time), so no table is ever held whole. Writing files
belongs in `pipelines.publish.parquet`.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from pipelines.publish.derived import DERIVED_SQL, derived_select
from pipelines.schema import Table, arrow_schema

WAREHOUSE_SCHEMA = "staging"
BATCH_ROWS = 8192  # rows per Arrow batch fetched from DuckDB


def order_by(table: Table) -> str:
    """ORDER BY clause: the key, then the remaining columns, for a total order."""
    rest = [c for c in table.column_names if c not in table.key]
    return ", ".join(f'"{c}" ASC NULLS FIRST' for c in (*table.key, *rest))


def published_rows(con: duckdb.DuckDBPyConnection, table: Table,
                   report_ids: set[str]) -> pa.RecordBatchReader:
    """The table's rows for the given reports, ordered, cast to the published Arrow schema, in batches."""
    columns = ", ".join(f'"{c}"' for c in table.column_names)
    keep = "report_id IN (SELECT UNNEST(?::VARCHAR[]))"
    if table.name in DERIVED_SQL:
        reports = f"(SELECT * FROM {WAREHOUSE_SCHEMA}.reports WHERE {keep})"
        sql = f"SELECT * FROM ({derived_select(table, reports)}) ORDER BY {order_by(table)}"
    else:
        if table.name == "extraction_issues":
            keep += " OR report_id IS NULL"
        sql = (
            f"SELECT {columns} FROM {WAREHOUSE_SCHEMA}.{table.name} "
            f"WHERE {keep} ORDER BY {order_by(table)}"
        )
    reader = con.execute(sql, [sorted(report_ids)]).fetch_record_batch(BATCH_ROWS)
    schema = arrow_schema(table)
    return pa.RecordBatchReader.from_batches(schema, (batch.cast(schema) for batch in reader))
