"""The Dagster instance of DAGSTER_HOME (`instance_class` in dagster-instance.yaml): Dagster's own, with its
default SQLite storage (same files, same layout, so `dagster dev` and older homes read every run), and one
change to the event log: a database's SQLite connection is kept open and reused, instead of Dagster's new
engine, connection, commit and close for every event (and a table once found to exist is not looked up
again).

Why: closing the last connection to a WAL database checkpoints it (writes and syncs the database file), so
each of a run's ~320 events (85 asset checks, each planned, evaluated and an output) cost ~40 ms; kept
open, ~4 ms. Commits use `synchronous=NORMAL`, SQLite's setting for WAL: a process that is killed loses
nothing; an operating-system crash or power cut may lose the last events, never corrupt the database.
A few databases stay open (the index, where the concurrency pools live, and the latest runs'); the rest
are closed when they fall out of use. Since commits now land in the `-wal` file until a checkpoint, a run
watched live in the UI is woken by changes to either file. Nothing else belongs here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from dagster import DagsterInstance
from dagster._core.instance.ref import InstanceRef
from dagster._core.storage.event_log.base import EventLogStorage
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    SqliteEventLogStorage,
    SqliteEventLogStorageWatchdog,
)
from dagster._core.storage.sql import create_engine
from dagster._core.storage.sqlite import SQLITE_BUSY_TIMEOUT_SECONDS
from dagster._serdes import ConfigurableClassData
from sqlalchemy.pool import StaticPool

OPEN_DATABASES = 4  # the index and the latest runs'; a long-lived webserver closes the others


class KeptOpenSqliteEventLogStorage(SqliteEventLogStorage):
    """Dagster's run-sharded SQLite event log, each database's connection kept open (see the module)."""

    def __init__(self, base_dir: str, inst_data: ConfigurableClassData | None = None):
        self._engines: OrderedDict[str, sa.Engine] = OrderedDict()
        self._engines_lock = threading.Lock()
        self._tables_found: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data: ConfigurableClassData | None,  # type: ignore[override]
                          config_value: Mapping[str, Any]) -> KeptOpenSqliteEventLogStorage:
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[sa.Connection]:
        with self._db_lock:  # as Dagster's: one user of a database's connection at a time
            engine = self._engine(shard)
            if shard not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(shard)
            with engine.connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        """Dagster's answer (a new engine and connection each time), remembered once the table exists:
        it is asked twice for every asset check event, and a table is never dropped."""
        if table_name not in self._tables_found:
            if not super().has_table(table_name):
                return False
            self._tables_found.add(table_name)
        return True

    def _engine(self, shard: str) -> sa.Engine:
        with self._engines_lock:
            engine = self._engines.get(shard)
            if engine is None:
                engine = create_engine(self.conn_string_for_shard(shard), poolclass=StaticPool,
                                       connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                                                     "check_same_thread": False})
                sa.event.listen(engine, "connect", _synchronous_normal)
                self._engines[shard] = engine
                while len(self._engines) > OPEN_DATABASES:
                    self._engines.popitem(last=False)[1].dispose()
            self._engines.move_to_end(shard)
            return engine

    def watch(self, run_id: str, cursor: str | None, callback: Any) -> None:
        from watchdog.observers import Observer

        if not self._obs:
            self._obs = Observer()
            self._obs.start()
        watchdog = _DatabaseOrWalWatchdog(self, run_id, callback, cursor)
        self._watchers[run_id][callback] = (watchdog, self._obs.schedule(watchdog, self._base_dir,
                                                                          recursive=True))

    def dispose(self) -> None:
        with self._engines_lock:
            while self._engines:
                self._engines.popitem()[1].dispose()  # the last close checkpoints the WAL into the file
        super().dispose()


def _synchronous_normal(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.execute("PRAGMA synchronous=NORMAL")


class _DatabaseOrWalWatchdog(SqliteEventLogStorageWatchdog):
    """Dagster's watcher of a run's events, woken by its database file or that file's WAL."""

    def __init__(self, event_log_storage: SqliteEventLogStorage, run_id: str, callback: Any,
                 cursor: str | None):
        super().__init__(event_log_storage, run_id, callback, cursor)
        self._patterns = [self._log_path, self._log_path + "-wal"]

    def on_modified(self, event: Any) -> None:
        self._process_log()


class HmipInstance(DagsterInstance):
    """Dagster's instance as dagster.yaml configures it, its SQLite event log kept open (see the module)."""

    def __init__(self, *args: Any, event_storage: EventLogStorage, **kwargs: Any):
        if type(event_storage) is SqliteEventLogStorage:  # the default storage: same files, same layout
            event_storage = KeptOpenSqliteEventLogStorage(event_storage._base_dir, event_storage.inst_data)  # noqa: SLF001
        super().__init__(*args, event_storage=event_storage, **kwargs)

    @classmethod
    def config_schema(cls) -> dict[str, Any]:
        return {}  # dagster.yaml takes nothing beyond Dagster's own keys

    @classmethod
    def config_defaults(cls, base_dir: str) -> Mapping[str, Any]:
        return InstanceRef.config_defaults(base_dir)
