"""Every warehouse connection caps DuckDB's memory (160 MB unless HMIP_DUCKDB_MEMORY_LIMIT says) and runs
one thread (unless HMIP_DUCKDB_THREADS says), and `release_buffers` gives back what DuckDB keeps of blocks
it read, the cap as it was."""

import duckdb
import pytest

from pipelines.warehouse.db import MEMORY_LIMIT_ENV, THREADS_ENV, connect, release_buffers


def _limit(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]


@pytest.mark.parametrize("read_only", [False, True])
def test_connections_are_capped_at_160_mb_by_default(tmp_path, monkeypatch, read_only):
    monkeypatch.delenv(MEMORY_LIMIT_ENV, raising=False)
    connect(tmp_path).close()  # the file exists before a read-only open
    with connect(tmp_path, read_only=read_only) as con:
        assert _limit(con) == "152.5 MiB"  # 160,000,000 bytes, as DuckDB prints it


def test_the_environment_sets_another_limit(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "1GB")
    with connect(tmp_path) as con:
        assert _limit(con) == "953.6 MiB"


def test_an_empty_setting_leaves_duckdbs_own_default(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "")
    with connect(tmp_path) as con, duckdb.connect() as plain:
        assert _limit(con) == _limit(plain)


def test_a_bad_setting_is_an_error_naming_it(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "lots")
    with pytest.raises(ValueError, match="HMIP_DUCKDB_MEMORY_LIMIT: 'lots' is not a memory size"):
        connect(tmp_path)
    assert not (tmp_path / "warehouse.duckdb").exists()


def _cached_mb(con: duckdb.DuckDBPyConnection) -> float:
    return con.execute("SELECT coalesce(sum(memory_usage_bytes), 0) / 1e6 FROM duckdb_memory() "
                       "WHERE tag = 'BASE_TABLE'").fetchone()[0]


def _table_read_from_the_file(tmp_path) -> duckdb.DuckDBPyConnection:
    """A connection that has just read 40 MB of text from warehouse.duckdb (so its blocks are cached)."""
    with connect(tmp_path) as con:
        con.execute("CREATE TABLE texts AS SELECT i, repeat(md5(i::VARCHAR), 125) AS text "
                    "FROM range(10000) t(i)")  # 10,000 rows of 4,000 characters
    con = connect(tmp_path)
    assert con.execute("SELECT sum(length(text)) FROM texts").fetchone()[0] == 40_000_000
    return con


@pytest.mark.parametrize(("setting", "shown"), [("160MB", "152.5 MiB"), ("1GB", "953.6 MiB")])
def test_release_buffers_evicts_what_was_read_and_puts_the_cap_back(tmp_path, monkeypatch, setting, shown):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, setting)
    with _table_read_from_the_file(tmp_path) as con:
        assert _cached_mb(con) > 20
        release_buffers(con)
        assert _cached_mb(con) < 2
        assert _limit(con) == shown
        assert con.execute("SELECT count(*), sum(length(text)) FROM texts").fetchone() == (10_000, 40_000_000)


def test_release_buffers_restores_duckdbs_own_default_when_the_setting_is_empty(tmp_path, monkeypatch):
    monkeypatch.setenv(MEMORY_LIMIT_ENV, "")
    with _table_read_from_the_file(tmp_path) as con, duckdb.connect() as plain:
        release_buffers(con)
        assert _cached_mb(con) < 2
        assert _limit(con) == _limit(plain)


@pytest.mark.parametrize("read_only", [False, True])
def test_connections_checkpoint_at_256_mb_of_wal_not_duckdbs_16(tmp_path, read_only):
    connect(tmp_path).close()
    with connect(tmp_path, read_only=read_only) as con:
        assert con.execute("SELECT current_setting('checkpoint_threshold')").fetchone()[0] == "244.1 MiB"


def _threads(con: duckdb.DuckDBPyConnection) -> int:
    return con.execute("SELECT current_setting('threads')").fetchone()[0]


@pytest.mark.parametrize("read_only", [False, True])
def test_connections_use_one_thread_by_default(tmp_path, monkeypatch, read_only):
    monkeypatch.delenv(THREADS_ENV, raising=False)
    connect(tmp_path).close()
    with connect(tmp_path, read_only=read_only) as con:
        assert _threads(con) == 1


def test_the_environment_sets_the_threads_or_leaves_duckdbs_default(tmp_path, monkeypatch):
    monkeypatch.setenv(THREADS_ENV, "3")
    with connect(tmp_path) as con:
        assert _threads(con) == 3
    monkeypatch.setenv(THREADS_ENV, "1024")  # the most accepted
    with connect(tmp_path) as con:
        assert _threads(con) == 1024
    monkeypatch.setenv(THREADS_ENV, "")
    with connect(tmp_path) as con, duckdb.connect() as plain:
        assert _threads(con) == _threads(plain)


@pytest.mark.parametrize("setting", ["0", "-2", "two", "1.5", "²", "1025", "99999999999999999999"])
def test_a_bad_thread_setting_is_an_error_naming_it(tmp_path, monkeypatch, setting):
    monkeypatch.setenv(THREADS_ENV, setting)
    with pytest.raises(ValueError, match=f"HMIP_DUCKDB_THREADS: {setting!r} is not a number of threads"):
        connect(tmp_path)
    assert not (tmp_path / "warehouse.duckdb").exists()
