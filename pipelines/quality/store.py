"""Persisting a quality run in the warehouse, so the snapshot step gates on exactly what was checked.

`quality_runs(run_id VARCHAR, payload JSON)` holds one row per run id (the latest save wins).
`load_quality` raises when a run has none, so a snapshot never publishes unchecked data.
"""

from __future__ import annotations

import json

import duckdb

from pipelines.quality.result import QualityResult
from pipelines.warehouse.db import transaction

TABLE = "quality_runs"
SCHEMA = "staging"  # beside the working tables; `main` holds only the published views


class QualityNotFound(LookupError):
    """No quality result was saved for a run: its data has not been checked."""


def save_quality(con: duckdb.DuckDBPyConnection, run_id: str, result: QualityResult) -> None:
    payload = json.dumps(result.to_dict())  # key order kept: failing values read in view order
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    con.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA}.{TABLE} (run_id VARCHAR, payload JSON)")
    with transaction(con):
        con.execute(f"DELETE FROM {SCHEMA}.{TABLE} WHERE run_id = ?", [run_id])
        con.execute(f"INSERT INTO {SCHEMA}.{TABLE} VALUES (?, ?)", [run_id, payload])


def load_quality(con: duckdb.DuckDBPyConnection, run_id: str) -> QualityResult:
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_schema = ? AND table_name = ?", [SCHEMA, TABLE]).fetchone()
    row = None
    if exists and exists[0]:
        row = con.execute(f"SELECT payload FROM {SCHEMA}.{TABLE} WHERE run_id = ?", [run_id]).fetchone()
    if row is None:
        raise QualityNotFound(f"no quality result for run {run_id!r}: the data has not been checked")
    return QualityResult.from_dict(json.loads(row[0]))
