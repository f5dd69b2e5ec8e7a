"""Views in warehouse.duckdb over `latest`: schema `latest`, one view per published table.

A DuckDB user opens warehouse.duckdb and queries `latest.reports` etc., always the published snapshot;
the working tables stay in `main`. Views read `<warehouse>/latest/<table>.parquet` by absolute path
(through the `latest` link, so they follow each switch), which works whatever the reader's working
folder; they are recreated at every publish, so a moved warehouse is fixed by its next run.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines.schema import TABLES
from pipelines.warehouse.layout import LATEST

VIEW_SCHEMA = "latest"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_latest_views(con: duckdb.DuckDBPyConnection, warehouse_dir: Path) -> list[str]:
    """(Re)create `latest.<table>` for every table file in `latest`; drop views of tables gone."""
    latest = Path(os.path.abspath(warehouse_dir)) / LATEST
    if not latest.is_dir():
        return []
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {VIEW_SCHEMA}")
    created = []
    for table in TABLES:
        path = latest / f"{table.name}.parquet"
        if path.is_file():
            con.execute(f"CREATE OR REPLACE VIEW {VIEW_SCHEMA}.{table.name} AS "
                        f"SELECT * FROM read_parquet({_literal(str(path))})")
            created.append(table.name)
    existing = con.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = ? AND database_name = current_database()",
        [VIEW_SCHEMA],
    ).fetchall()
    for (name,) in existing:
        if name not in created:
            con.execute(f'DROP VIEW {VIEW_SCHEMA}."{name}"')
    return created
