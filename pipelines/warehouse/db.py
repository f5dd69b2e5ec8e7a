"""The warehouse's DuckDB file: opening it, and the one way to change it all-or-nothing (`transaction`).

The working store is disposable: everything in it (working tables, extraction cache, saved quality runs)
is rebuilt from raw/ by a run. So a writer that finds it corrupt or unreadable moves it aside
(`warehouse.duckdb.corrupt-<time>`) and starts an empty one, and says so (`take_rebuild_notes`);
published snapshots are never touched by that. Connections and transactions belong here; what is
written in them (tables, cache, quality runs) does not.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from pipelines.warehouse.files import fsync_dir, utc_now
from pipelines.warehouse.layout import db_path

# what DuckDB says of a damaged file (checksums, a truncated or overwritten file), not of a lock or a
# full disk, which moving the file aside would not cure
_DAMAGED = ("corrupt database file", "not a valid duckdb database", "could not read enough bytes",
            "checksum", "serialization error", "deserialize")
# DuckDB's memory (buffer pool, sorts, buffered inserts) for each warehouse connection; past it DuckDB
# spills to `warehouse.duckdb.tmp`. Its default (80% of RAM) let a run's memory grow with the corpus.
MEMORY_LIMIT_ENV = "HMIP_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "160MB"
_EVICT_TO = "1MB"  # below anything a finished query leaves pinned, so every unpinned block goes
# The WAL size at which DuckDB checkpoints (its default: 16 MB). Loading the working tables a batch at a
# time (~110 MB of WAL at 1,000 reports) checkpointed every 16 MB, and each checkpoint cost more as the
# tables grew (0.18, 0.31, 0.33 s at 1,000 reports). Measured loading 1,000 / 10,000 generated reports
# from the cache: 4.3 -> 3.6-4.0 s and 60 -> 46 s, peak memory +20 / +30 MiB (64 MB: 3.7 s and 52 s,
# +0 / +6 MiB).
CHECKPOINT_THRESHOLD = "256MB"
# DuckDB's threads for each warehouse connection (`HMIP_DUCKDB_THREADS`; empty: DuckDB's default, one a
# core). One, because a run's queries are many and small, and its tables mostly smaller than the row
# group DuckDB splits a scan by: on 2 cores the extra thread only woke and spun. Measured with one, a run
# of the two samples used 7% less CPU (2.1 -> 1.95 s), `run_quality` on them 10% less; 1,000 reports took
# 11.4-11.7 s against 11.8-12.1, 10,000 took 104 s against 111 (CPU 91 against 101 s).
THREADS_ENV = "HMIP_DUCKDB_THREADS"
DEFAULT_THREADS = "1"
MAX_THREADS = 1024  # a guard against a typo, far above any machine this runs on
_probed: set[tuple[str, int, int]] = set()  # (path, device, inode) read through once in this process
_notes: dict[str, list[str]] = {}  # warehouse folder -> what was moved aside, for the run to report


def connect(warehouse_dir: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open `<warehouse>/warehouse.duckdb`, creating the folder when needed. A writable open reads the
    whole file once per process; when it is damaged it is moved aside and an empty one opened."""
    warehouse_dir.mkdir(parents=True, exist_ok=True)
    path = db_path(warehouse_dir)
    if read_only:
        return duckdb.connect(str(path), read_only=True, config=settings())
    con = None
    try:
        con = duckdb.connect(str(path), config=settings())
        _probe(con, path)
        return con
    except duckdb.Error as exc:
        if con is not None:
            con.close()
        if not is_damaged(exc):
            raise
        problem, aside = _first_line(exc), _move_aside(path)
    note = (f"the working store {path} could not be read ({problem}); moved aside to {aside.name} "
            "and rebuilt from raw/ (the extraction cache with it, so every file is extracted again); "
            "published snapshots are untouched")
    _notes.setdefault(str(warehouse_dir.resolve()), []).append(note)
    return duckdb.connect(str(path), config=settings())


def settings() -> dict[str, str]:
    """The DuckDB settings of every warehouse connection: its memory limit (`HMIP_DUCKDB_MEMORY_LIMIT`,
    e.g. 1GB), its threads (`HMIP_DUCKDB_THREADS`), either DuckDB's own default when set empty, and
    `CHECKPOINT_THRESHOLD`. A ValueError says what is wrong with a setting."""
    limit, threads = _memory_limit(), _threads()
    if problem := _limit_problem(limit) or _threads_problem(threads):
        raise ValueError(problem)
    return {"checkpoint_threshold": CHECKPOINT_THRESHOLD, **({"memory_limit": limit} if limit else {}),
            **({"threads": threads} if threads else {})}


def settings_problem() -> str | None:
    """What is wrong with `HMIP_DUCKDB_MEMORY_LIMIT` or `HMIP_DUCKDB_THREADS`, in one line, or None."""
    return _limit_problem(_memory_limit()) or _threads_problem(_threads())


def _memory_limit() -> str:
    return os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT).strip()


def _threads() -> str:
    return os.environ.get(THREADS_ENV, DEFAULT_THREADS).strip()


def _threads_problem(threads: str) -> str | None:
    if not threads or (threads.isascii() and threads.isdigit() and 0 < int(threads) <= MAX_THREADS):
        return None
    return (f"{THREADS_ENV}: {threads!r} is not a number of threads; write a whole number from 1 to "
            f"{MAX_THREADS}, e.g. 4, or leave it empty for DuckDB's default (one a core)")


@functools.cache
def _limit_problem(limit: str) -> str | None:
    if not limit:
        return None
    try:
        duckdb.connect(config={"memory_limit": limit}).close()
    except duckdb.Error as exc:
        return (f"{MEMORY_LIMIT_ENV}: {limit!r} is not a memory size DuckDB reads ({_first_line(exc)}); "
                "write e.g. 256MB or 2GB, or leave it empty for DuckDB's default")
    return None


def is_damaged(exc: BaseException) -> bool:
    return any(word in str(exc).lower() for word in _DAMAGED)


def take_rebuild_notes(warehouse_dir: Path) -> list[str]:
    """What `connect` moved aside in this warehouse since last asked (and forgets it)."""
    return _notes.pop(str(warehouse_dir.resolve()), [])


def _probe(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Read every column of every table through inside DuckDB (a hash of each, nothing fetched into Python),
    so a damaged block is found now, not halfway through a run."""
    stat = path.stat()
    key = (str(path.resolve()), stat.st_dev, stat.st_ino)
    if key in _probed:
        return
    tables = con.execute("SELECT schema_name, table_name FROM duckdb_tables() "
                         "WHERE database_name = current_database()").fetchall()
    for schema, table in tables:
        con.execute(f'SELECT count(*), bit_xor(hash(COLUMNS(*))) FROM "{schema}"."{table}"').fetchall()
    _probed.add(key)
    if tables:
        release_buffers(con)  # the probe read every block: the steps read what they need again


def release_buffers(con: duckdb.DuckDBPyConnection) -> None:
    """Evict every block DuckDB holds unpinned, then put the connection's memory cap back.

    DuckDB keeps what it read for reuse, and more of it than its cap counts: scanning the sections' text
    of 1,000 reports, 100 reports a query, left ~140 MiB more resident under a 64 MB cap while
    `duckdb_memory()` showed 37 MB. Lowering the cap evicts it (blocks are read from the file again when
    needed) and the memory comes back. For code that reads each report's rows once, between chunks;
    only between queries: it changes nothing that is stored."""
    with contextlib.suppress(duckdb.OutOfMemoryException):  # something still pinned: the cache stays
        con.execute(f"SET memory_limit = '{_EVICT_TO}'")
    limit = _memory_limit()
    con.execute(f"SET memory_limit = '{limit}'" if limit else "RESET memory_limit")


def _move_aside(path: Path) -> Path:
    stamp = utc_now().strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.corrupt-{stamp}.{n}")
    os.replace(path, aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        os.replace(wal, aside.with_name(aside.name + ".wal"))
    fsync_dir(path.parent)
    return aside


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else type(exc).__name__


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
