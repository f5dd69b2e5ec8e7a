"""Load extracted rows into the warehouse's DuckDB working tables (schema `main`), one table per entry of
`pipelines.schema.TABLES`, replaced as a whole in one transaction so readers never see a half-load.

Only loading belongs here: extraction, validation and publishing live elsewhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.extract.model import Extraction
from pipelines.schema import TABLES, Table, arrow_schema, ddl
from pipelines.sources.provenance import SourceRecord, dataset_columns
from pipelines.warehouse.db import transaction


def arrow_table(table: Table, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows as an Arrow table of the declared schema; a missing column is an error, not a NULL."""
    schema = arrow_schema(table)
    columns = {}
    for field in schema:
        try:
            values = [row[field.name] for row in rows]
        except KeyError as exc:
            raise ValueError(f"{table.name}: a row has no column {exc.args[0]!r}") from exc
        columns[field.name] = pa.array(values, type=field.type)
    return pa.table(columns, schema=schema)


def load_tables(
    con: duckdb.DuckDBPyConnection,
    reports: list[Extraction],
    all_extractions: list[Extraction],
    sources: Mapping[str, SourceRecord] | None = None,
) -> dict[str, int]:
    """Replace every working table: data rows from `reports`, issue rows from every extraction, and each
    report's `source_url` and `retrieved_at` from its file's provenance record in `sources` (by file name;
    NULL for a file dropped in by hand). Provenance is added here, not by the extractor, because an
    extraction is cached by the file's content and the same bytes may have been fetched or copied.

    Returns the row count per table.
    """
    counts: dict[str, int] = {}
    with transaction(con):
        for table in TABLES:
            source = all_extractions if table.name == "extraction_issues" else reports
            rows = [row for ext in source for row in ext.table_rows(table)]
            if table.name == "reports":
                rows = [{**row, **dataset_columns((sources or {}).get(row["source_file"]))} for row in rows]
            con.execute(f"DROP TABLE IF EXISTS main.{table.name}")
            con.execute(ddl(table, schema="main"))
            if rows:
                data = arrow_table(table, rows)
                con.register("incoming_rows", data)
                con.execute(f"INSERT INTO main.{table.name} SELECT * FROM incoming_rows")
                con.unregister("incoming_rows")
            counts[table.name] = len(rows)
    return counts
