"""Load extracted rows into the warehouse's DuckDB working tables (schema `staging`), one table per entry of
`pipelines.schema.TABLES`, replaced as a whole in one transaction so readers never see a half-load.
The derived columns (ids, rating orders, body ids) are added as rows load, and the derived tables
(`bodies`, `rating_history`) built from the loaded reports; `main` holds the published views.

Only loading belongs here: extraction, validation and publishing live elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.extract.model import Extraction
from pipelines.publish.derived import derived_select, with_derived_columns
from pipelines.publish.views import drop_legacy_table
from pipelines.schema import EXTRACTED_TABLES, TABLES, Table, arrow_schema, ddl
from pipelines.sources.provenance import SourceRecord, dataset_columns
from pipelines.warehouse.db import transaction

STAGING = "staging"
LOADING = "__loading"  # suffix of the tables a batched load fills before they replace the working ones


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

    Returns the row count per table. `load_batches` does the same from batches, holding one at a time.
    """
    return load_batches(con, [reports], [all_extractions], sources)


def load_batches(
    con: duckdb.DuckDBPyConnection,
    report_batches: Iterable[list[Extraction]],
    issue_batches: Iterable[list[Extraction]],
    sources: Mapping[str, SourceRecord] | None = None,
) -> dict[str, int]:
    """`load_tables` over batches of extractions (each report whole within its batch, since ids are
    numbered per report and issue ids per file). Each batch is committed into new tables beside the
    working ones (`<table>__loading`), so DuckDB never holds a whole corpus uncommitted in memory (at
    10,000 reports the sections' text alone is a gigabyte); one last transaction puts the new tables in
    place of the old. Readers see the old tables or the new, never a half-load; a failing batch drops the
    new tables and leaves the old as they were. Returns the row count per table."""
    counts = {table.name: 0 for table in TABLES}
    try:
        with transaction(con):
            _create_tables(con, LOADING)
        for batch in report_batches:
            rows = {table.name: [row for ext in batch for row in ext.table_rows(table)]
                    for table in EXTRACTED_TABLES if table.name != "extraction_issues"}
            rows["reports"] = [{**row, **dataset_columns((sources or {}).get(row["source_file"]))}
                               for row in rows["reports"]]
            with transaction(con):
                _insert_extracted(con, rows, counts, LOADING)
        for batch in issue_batches:
            with transaction(con):
                _insert_extracted(con, {"extraction_issues": [r for e in batch for r in e.issue_rows()]},
                                  counts, LOADING)
        with transaction(con):
            _insert_derived(con, counts, LOADING)
            for table in TABLES:
                drop_legacy_table(con, table.name)
                con.execute(f"DROP TABLE IF EXISTS {STAGING}.{table.name}")
                con.execute(f"ALTER TABLE {STAGING}.{table.name}{LOADING} RENAME TO {table.name}")
    except BaseException:
        _drop_tables(con, LOADING)
        raise
    return counts


def load_rows(con: duckdb.DuckDBPyConnection, extracted: dict[str, list[dict[str, Any]]]) -> dict[str, int]:
    """Replace every working table in one transaction: the extracted tables' rows (as the extractor gives
    them) with their derived columns added, then the derived tables. Returns the row count per table."""
    counts = {table.name: 0 for table in TABLES}
    with transaction(con):
        _create_tables(con)
        _insert_extracted(con, extracted, counts)
        _insert_derived(con, counts)
    return counts


def _create_tables(con: duckdb.DuckDBPyConnection, suffix: str = "") -> None:
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {STAGING}")
    for table in TABLES:
        if not suffix:
            drop_legacy_table(con, table.name)
        con.execute(f"DROP TABLE IF EXISTS {STAGING}.{table.name}{suffix}")
        named = f"{STAGING}.{table.name}"
        con.execute(ddl(table, schema=STAGING).replace(named, named + suffix, 1))


def _drop_tables(con: duckdb.DuckDBPyConnection, suffix: str) -> None:
    """Best effort after a failed load: the half-loaded new tables go (a leftover is dropped next load)."""
    for table in TABLES:
        try:
            con.execute(f"DROP TABLE IF EXISTS {STAGING}.{table.name}{suffix}")
        except duckdb.Error:
            return


def _insert_extracted(con: duckdb.DuckDBPyConnection, extracted: dict[str, list[dict[str, Any]]],
                      counts: dict[str, int], suffix: str = "") -> None:
    """Insert rows of the extracted tables (a whole report's or file's rows at a time), derived columns
    added, and add them to `counts`."""
    for table in EXTRACTED_TABLES:
        rows = with_derived_columns(table, extracted.get(table.name, []))
        if rows:
            con.register("incoming_rows", arrow_table(table, rows))
            try:
                con.execute(f"INSERT INTO {STAGING}.{table.name}{suffix} SELECT * FROM incoming_rows")
            finally:
                con.unregister("incoming_rows")
        counts[table.name] += len(rows)


def _insert_derived(con: duckdb.DuckDBPyConnection, counts: dict[str, int], suffix: str = "") -> None:
    for table in TABLES:
        if table not in EXTRACTED_TABLES:
            name = f"{STAGING}.{table.name}{suffix}"
            con.execute(f"INSERT INTO {name} {derived_select(table, f'{STAGING}.reports{suffix}')}")
            counts[table.name] = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
