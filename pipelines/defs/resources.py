"""Dagster resources: where raw reports are read from and where the warehouse lives.

Only configuration and connections belong here; no parsing, validation or publishing.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dagster as dg
import duckdb

from pipelines.publish.retention import DEFAULT_KEEP

WAREHOUSE_DB = "warehouse.duckdb"


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse folder: warehouse.duckdb, snapshots/ and latest."""

    path: str = "warehouse"
    keep_snapshots: int = DEFAULT_KEEP  # retention: the newest N, and always the one `latest` points to

    @property
    def root(self) -> Path:
        return Path(self.path)

    @property
    def db_path(self) -> Path:
        return self.root / WAREHOUSE_DB

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        self.root.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(str(self.db_path), read_only=read_only)


class RawFolderResource(dg.ConfigurableResource):
    """The folder operators drop reports into."""

    path: str = "raw"

    @property
    def root(self) -> Path:
        return Path(self.path)


class ProgressResource(dg.ConfigurableResource):
    """A progress bar on stderr for `hmip run`; silent under the scheduler."""

    enabled: bool = False

    def callback(self, label: str):
        if not self.enabled:
            return None
        return lambda done, total: _draw(label, done, total)


def _draw(label: str, done: int, total: int) -> None:
    width = 30
    filled = width * done // max(total, 1)
    end = "\n" if done == total else ""
    sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
    sys.stderr.flush()
