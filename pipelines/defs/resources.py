"""Dagster resources: where raw reports are read from and where the warehouse lives.

Only configuration and connections belong here; no parsing, validation or publishing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
from pydantic import PrivateAttr

from pipelines.defs.recovery import process_tags
from pipelines.publish.retention import DEFAULT_KEEP
from pipelines.runs.progress import Progress, progress_printer
from pipelines.warehouse import db, layout
from pipelines.warehouse.memory import use_system_arrow_allocator
from pipelines.warehouse.run_lock import held_by_this_process, warehouse_lock


class WarehouseResource(dg.ConfigurableResource):
    """The warehouse folder: warehouse.duckdb, snapshots/ and latest. A run holds the warehouse's run
    lock from start to end (`hmip run` takes it before the run starts; a run launched by the daemon takes
    it here, waiting up to `lock_wait_seconds`). Sensors and schedules only read, and take no lock."""

    path: str = "warehouse"
    lock_wait_seconds: float = 3600.0
    _lock: Any = PrivateAttr(default=None)
    keep_snapshots: int = DEFAULT_KEEP  # retention: the newest N, and always the one `latest` points to

    @property
    def root(self) -> Path:
        return Path(self.path)

    def setup_for_execution(self, context: dg.InitResourceContext) -> None:
        use_system_arrow_allocator()  # in every process a run's steps execute in
        if context.run is None or held_by_this_process(self.root):
            return  # a sensor or schedule evaluation, or `hmip run`, which holds the lock already
        if context.instance is not None:  # so that a later tick can release the run if this process dies
            context.instance.add_run_tags(context.run.run_id, process_tags())
        self._lock = warehouse_lock(self.root, wait_seconds=self.lock_wait_seconds)
        self._lock.__enter__()

    def teardown_after_execution(self, context: dg.InitResourceContext) -> None:
        if self._lock is not None:
            self._lock.__exit__(None, None, None)
            self._lock = None

    @property
    def db_path(self) -> Path:
        return layout.db_path(self.root)

    def connect(self, read_only: bool = False) -> duckdb.DuckDBPyConnection:
        return db.connect(self.root, read_only=read_only)


class RawFolderResource(dg.ConfigurableResource):
    """The folder operators drop reports into."""

    path: str = "raw"

    @property
    def root(self) -> Path:
        return Path(self.path)


class SourcesListResource(dg.ConfigurableResource):
    """The sources list the daily job fetches (`pipelines.sources.catalogue`)."""

    path: str = "sources.csv"

    @property
    def root(self) -> Path:
        return Path(self.path)


class ProgressResource(dg.ConfigurableResource):
    """Progress on stderr for `hmip run` (`pipelines.runs.progress`); silent under the scheduler.
    `terminal`: whether stderr led to a terminal when the run was set up (a step's stderr is captured)."""

    enabled: bool = False
    terminal: bool = False

    def callback(self, label: str) -> Progress | None:
        return progress_printer(label, terminal=self.terminal) if self.enabled else None
