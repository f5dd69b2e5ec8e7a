"""Views in warehouse.duckdb over `latest`, so a client opening the database sees the published data.

- schema `main` (what an unqualified `SELECT * FROM reports` reads): one view per published table over
  `latest/<table>.parquet`, a path relative to the database file's folder. DuckDB resolves a relative path
  in a view against the reader's working folder (or `file_search_path`), not against the database file,
  so open it from the warehouse folder or `SET file_search_path = '<warehouse folder>'` first
  (`open_published` does); the folder can then be moved or copied as a whole.
- schema `latest`: the same views by absolute path (through the `latest` link), which work from any
  working folder but only where the warehouse was built; recreated at every publish.

The working tables are in `staging`. Views are recreated at every publish; tables gone lose their views.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from pipelines.schema import TABLES
from pipelines.warehouse.layout import LATEST

VIEW_SCHEMA = "latest"
PUBLISHED_SCHEMA = "main"
DATABASE_FILE = "warehouse.duckdb"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _existing_views(con: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    return [name for (name,) in con.execute(
        "SELECT view_name FROM duckdb_views() WHERE schema_name = ? AND database_name = current_database() "
        "AND NOT internal", [schema]).fetchall()]


def _replace_views(con: duckdb.DuckDBPyConnection, schema: str, sources: dict[str, str]) -> None:
    for name, path in sources.items():
        con.execute(f"CREATE OR REPLACE VIEW {schema}.{name} AS SELECT * FROM read_parquet({_literal(path)})")
    for name in _existing_views(con, schema):
        if name not in sources:
            con.execute(f'DROP VIEW {schema}."{name}"')


def create_latest_views(con: duckdb.DuckDBPyConnection, warehouse_dir: Path) -> list[str]:
    """(Re)create `main.<table>` (relative paths) and `latest.<table>` (absolute) for every table file in
    `latest`; drop views of tables gone."""
    latest = Path(os.path.abspath(warehouse_dir)) / LATEST
    if not latest.is_dir():
        return []
    names = [t.name for t in TABLES if (latest / f"{t.name}.parquet").is_file()]
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {VIEW_SCHEMA}")
    _replace_views(con, VIEW_SCHEMA, {n: str(latest / f"{n}.parquet") for n in names})
    # a view is bound when created: relative paths must resolve, so against the warehouse folder
    saved = con.execute("SELECT current_setting('file_search_path')").fetchone()[0]
    con.execute(f"SET file_search_path = {_literal(str(latest.parent))}")
    try:
        for name in names:
            drop_legacy_table(con, name)
        _replace_views(con, PUBLISHED_SCHEMA, {n: f"{LATEST}/{n}.parquet" for n in names})
    finally:
        con.execute(f"SET file_search_path = {_literal(saved)}")
    return names


def drop_legacy_table(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """A warehouse from before the `staging` schema has its working tables where the views now go."""
    if con.execute("SELECT 1 FROM duckdb_tables() WHERE database_name = current_database() "
                   "AND schema_name = ? AND table_name = ?", [PUBLISHED_SCHEMA, name]).fetchone():
        con.execute(f'DROP TABLE {PUBLISHED_SCHEMA}."{name}"')


def open_published(warehouse_dir: Path, read_only: bool = True) -> duckdb.DuckDBPyConnection:
    """A connection to `<warehouse_dir>/warehouse.duckdb` whose `main` views resolve wherever it is."""
    folder = Path(os.path.abspath(warehouse_dir))
    con = duckdb.connect(str(folder / DATABASE_FILE), read_only=read_only)
    con.execute(f"SET file_search_path = {_literal(str(folder))}")
    return con
