"""The warehouse's DuckDB file: opening it, and the one way to change it all-or-nothing (`transaction`).

Connections and transactions belong here; what is written in them (tables, cache, quality runs) does not.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.warehouse.layout import db_path


def connect(warehouse_dir: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open `<warehouse>/warehouse.duckdb`, creating the folder when needed."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(db_path(warehouse_dir)), read_only=read_only)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN ... COMMIT, or ROLLBACK on any exception (a KeyboardInterrupt too), which is re-raised: a
    run killed or failing inside leaves the database as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
