"""Which warehouse rows a snapshot publishes, streamed from DuckDB in a fixed order as typed Arrow batches.

A table publishes the rows of the reports that passed the quality gate; `extraction_issues` also keeps
the rows with no report (files that yielded none) so reviewers see them; the derived tables (`bodies`,
`rating_history`) are built again from the published reports only. Rows are ordered by the table's
key, then by every other column, NULLs first, so the same rows always come out in the same order however
they were loaded. The rows come as a `pyarrow.RecordBatchReader` (`BATCH_ROWS` at a time), so no table is
ever held whole; a table whose key starts with `report_id` is sorted `REPORTS_PER_SORT` reports at a time,
in report-id order (the same total order: DuckDB's sort holds what it sorts in memory, and the sections'
text of every report is hundreds of MB). Writing files belongs in `pipelines.publish.parquet`.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pyarrow as pa

from pipelines.publish.derived import DERIVED_SQL, derived_select
from pipelines.schema import Table, arrow_schema
from pipelines.warehouse.db import release_buffers

WAREHOUSE_SCHEMA = "staging"
BATCH_ROWS = 8192  # rows per Arrow batch fetched from DuckDB
REPORTS_PER_SORT = 100


def order_by(table: Table) -> str:
    """ORDER BY clause: the key, then the remaining columns, for a total order."""
    rest = [c for c in table.column_names if c not in table.key]
    return ", ".join(f'"{c}" ASC NULLS FIRST' for c in (*table.key, *rest))


def published_rows(con: duckdb.DuckDBPyConnection, table: Table,
                   report_ids: set[str]) -> pa.RecordBatchReader:
    """The table's rows for the given reports, ordered, cast to the published Arrow schema, in batches."""
    schema = arrow_schema(table)
    if table.name in DERIVED_SQL:
        keep = "report_id IN (SELECT UNNEST(?::VARCHAR[]))"
        reports = f"(SELECT * FROM {WAREHOUSE_SCHEMA}.reports WHERE {keep})"
        sql = f"SELECT * FROM ({derived_select(table, reports)}) ORDER BY {order_by(table)}"
        batches = _fetched(con, sql, sorted(report_ids))
    elif table.key[0] == "report_id" and table.name != "extraction_issues":
        batches = _by_report(con, table, report_ids)
    else:
        keep = "report_id IN (SELECT UNNEST(?::VARCHAR[])) OR report_id IS NULL"
        sql = (f"SELECT {_columns(table)} FROM {WAREHOUSE_SCHEMA}.{table.name} "
               f"WHERE {keep} ORDER BY {order_by(table)}")
        batches = _fetched(con, sql, sorted(report_ids))
    return pa.RecordBatchReader.from_batches(schema, (batch.cast(schema) for batch in batches))


def _by_report(con: duckdb.DuckDBPyConnection, table: Table,
               report_ids: set[str]) -> Iterator[pa.RecordBatch]:
    """Rows ordered by the key, sorted a run of consecutive report ids at a time. Report ids are never
    NULL in these tables, so the runs in DuckDB's own VARCHAR order concatenate to the one total order."""
    ordered = [row[0] for row in con.execute(
        "SELECT id FROM (SELECT UNNEST(?::VARCHAR[]) AS id) ORDER BY id", [sorted(report_ids)]).fetchall()]
    sql = (f"SELECT {_columns(table)} FROM {WAREHOUSE_SCHEMA}.{table.name} "
           f"WHERE report_id BETWEEN ? AND ? AND report_id IN (SELECT UNNEST(?::VARCHAR[])) "
           f"ORDER BY {order_by(table)}")
    for at in range(0, len(ordered), REPORTS_PER_SORT):
        run = ordered[at:at + REPORTS_PER_SORT]
        yield from _fetched(con, sql, run[0], run[-1], run)
        release_buffers(con)  # each report's rows are read once: DuckDB's cache of them is only memory


def _fetched(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> Iterator[pa.RecordBatch]:
    yield from con.execute(sql, list(params)).to_arrow_reader(BATCH_ROWS)


def _columns(table: Table) -> str:
    return ", ".join(f'"{c}"' for c in table.column_names)
