"""Same rows and code give one snapshot and byte-identical Parquet."""

from pathlib import Path

from pipelines.publish import list_snapshots
from pipelines.schema import TABLES

from .builders import make_warehouse, publish


def _bytes(folder: Path) -> dict[str, bytes]:
    return {t.name: (folder / f"{t.name}.parquet").read_bytes() for t in TABLES}


def test_second_publish_of_the_same_warehouse_publishes_nothing(warehouse):
    folder, con = warehouse
    first = publish(con, folder)
    before = _bytes(folder / "latest")
    second = publish(con, folder)

    assert first.published and first.version == "2026-11-22.1"
    assert not second.published and second.version is None
    assert "identical to latest (2026-11-22.1)" in second.reason
    assert second.content_hash == first.content_hash
    assert [s["version"] for s in list_snapshots(folder)] == ["2026-11-22.1"]
    assert [p.name for p in (folder / "snapshots").iterdir()] == ["2026-11-22.1"]
    assert _bytes(folder / "latest") == before


def test_two_warehouses_from_the_same_rows_in_another_order_write_identical_bytes(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    con_a, con_b = make_warehouse(a), make_warehouse(b, reverse=True)
    ra, rb = publish(con_a, a), publish(con_b, b)

    assert ra.content_hash == rb.content_hash
    assert _bytes(a / "latest") == _bytes(b / "latest")
    for t in TABLES:
        data = (a / "latest" / f"{t.name}.parquet").read_bytes()
        assert b"created_at" not in data and b"timestamp" not in data


def test_publish_works_with_a_relative_warehouse_path(tmp_path, monkeypatch):
    con = make_warehouse(tmp_path / "wh")
    monkeypatch.chdir(tmp_path)
    result = publish(con, Path("wh"))
    assert result.published
    assert con.execute("SELECT count(*) FROM latest.reports").fetchone()[0] == 2
