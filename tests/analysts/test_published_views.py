"""warehouse.duckdb opens on published data: the default schema holds views over latest/ by paths relative
to the warehouse folder, so the folder can be moved; the working tables (held-back reports included) are
in `staging`. DuckDB resolves a view's relative path against the working folder or `file_search_path`,
never against the database file: opened from elsewhere without either, the views say the file is missing."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.publish.views import open_published
from tests.publish.builders import HELD, NORTH, SOUTH, make_warehouse, publish

QUERY = "SELECT report_id FROM reports ORDER BY 1"


def _reader(cwd: Path, db: Path, search_path: Path | None = None) -> subprocess.CompletedProcess:
    setup = f"c.execute(\"SET file_search_path = '{search_path}'\");" if search_path else ""
    script = (f"import duckdb; c = duckdb.connect({str(db)!r}, read_only=True);{setup}"
              f"print([r[0] for r in c.execute({QUERY!r}).fetchall()])")
    return subprocess.run([sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


@pytest.fixture
def moved(tmp_path: Path) -> Path:
    folder = tmp_path / "built" / "warehouse"
    con = make_warehouse(folder)
    publish(con, folder)  # north and south published; westmere held back, still in staging
    con.close()
    elsewhere = tmp_path / "copied" / "somewhere" / "wh"
    elsewhere.parent.mkdir(parents=True)
    shutil.move(folder, elsewhere)
    shutil.rmtree(tmp_path / "built")
    return elsewhere


def test_moved_folder_opened_from_inside_reads_published_rows_only(moved: Path):
    out = _reader(moved, Path("warehouse.duckdb"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str([NORTH, SOUTH])


def test_moved_folder_opened_from_another_folder_with_file_search_path(moved: Path, tmp_path: Path):
    out = _reader(tmp_path, moved / "warehouse.duckdb", search_path=moved)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str([NORTH, SOUTH])
    with open_published(moved) as con:
        assert con.execute(QUERY).fetchall() == [(NORTH,), (SOUTH,)]
        assert con.execute("SELECT count(*) FROM staging.reports").fetchone()[0] == 3
        held = con.execute("SELECT count(*) FROM staging.reports WHERE report_id = ?", [HELD]).fetchone()
        assert held == (1,)
        tables = con.execute("SELECT table_name, table_type FROM information_schema.tables "
                             "WHERE table_schema = 'main' ORDER BY 1").fetchall()
    assert tables == [(name, "VIEW") for name in sorted(
        ["reports", "standards", "key_questions", "recommendations", "findings", "quotes", "sections",
         "bodies", "rating_history", "extraction_issues"])]


def test_from_another_folder_without_file_search_path_the_missing_file_is_named(moved: Path, tmp_path: Path):
    out = _reader(tmp_path, moved / "warehouse.duckdb")
    assert out.returncode != 0
    assert "latest/reports.parquet" in out.stderr


def test_a_warehouse_with_working_tables_in_main_is_migrated(tmp_path: Path):
    folder = tmp_path / "old"
    folder.mkdir()
    con = duckdb.connect(str(folder / "warehouse.duckdb"))
    con.execute("CREATE TABLE main.reports AS SELECT 'old' AS report_id")  # as before the staging schema
    con.close()
    con = make_warehouse(folder)
    publish(con, folder)
    assert con.execute("SELECT table_type FROM information_schema.tables WHERE table_schema = 'main' "
                       "AND table_name = 'reports'").fetchone() == ("VIEW",)
    con.close()
