"""Every warehouse connection caps DuckDB's memory (160 MB unless HMIP_DUCKDB_MEMORY_LIMIT says)."""

import duckdb
import pytest

from pipelines.warehouse.db import MEMORY_LIMIT_ENV, connect


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
