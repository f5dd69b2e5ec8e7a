"""`latest` read with DuckDB, pyarrow, pandas and polars has the declared types and row counts."""

import datetime as dt
import json
import os
import subprocess
import sys

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from .builders import publish

ROWS = {"reports": 2, "standards": 4, "key_questions": 4, "recommendations": 2, "findings": 4,
        "quotes": 2, "sections": 4, "bodies": 2, "rating_history": 2, "extraction_issues": 2}


def _duckdb_types(reader: duckdb.DuckDBPyConnection, path) -> dict[str, str]:
    rows = reader.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
    return {r[0]: r[1] for r in rows}


def test_duckdb_reads_declared_types_and_counts(warehouse):
    folder, con = warehouse
    publish(con, folder)
    reader = duckdb.connect()
    types = _duckdb_types(reader, folder / "latest" / "reports.parquet")
    assert types["publication_month"] == "DATE"
    assert types["score"] == "INTEGER"
    assert types["report_id"] == "VARCHAR"
    kq = _duckdb_types(reader, folder / "latest" / "key_questions.parquet")
    assert kq["yes_pct"] == "DOUBLE" and kq["question_no"] == "INTEGER"
    for name, n in ROWS.items():
        path = str(folder / "latest" / f"{name}.parquet")
        got = reader.execute("SELECT count(*) FROM read_parquet(?)", [path])
        assert got.fetchone()[0] == n, name


def test_pyarrow_reads_declared_types_and_descriptions(warehouse):
    folder, con = warehouse
    publish(con, folder)
    table = pq.read_table(folder / "latest" / "reports.parquet")
    assert table.schema.field("publication_month").type == pa.date32()
    assert table.schema.field("score").type == pa.int32()
    assert table.schema.field("report_id").type == pa.string()
    assert table.schema.field("report_id").metadata[b"description"].startswith(b"Stable slug")
    assert table.num_rows == 2
    assert table.column("publication_month").to_pylist() == [dt.date(2023, 5, 1), dt.date(2023, 6, 1)]
    standards = pq.read_table(folder / "latest" / "standards.parquet")
    assert standards.schema.field("is_rated").type == pa.bool_()


def test_pandas_reads_declared_types_and_counts(warehouse):
    folder, con = warehouse
    publish(con, folder)
    kq = pd.read_parquet(folder / "latest" / "key_questions.parquet", dtype_backend="pyarrow")
    assert str(kq["yes_pct"].dtype) == "double[pyarrow]"
    assert str(kq["question_no"].dtype) == "int32[pyarrow]"
    assert kq["yes_pct"].tolist() == [45.0, 61.5, 70.0, 82.25]
    reports = pd.read_parquet(folder / "latest" / "reports.parquet")
    assert len(reports) == 2
    assert str(reports["score"].dtype) == "int32"
    assert reports["score"].tolist() == [9, 16]
    reports_pa = pd.read_parquet(folder / "latest" / "reports.parquet", dtype_backend="pyarrow")
    assert str(reports_pa["publication_month"].dtype) == "date32[day][pyarrow]"


def test_polars_reads_declared_types_and_counts(warehouse):
    folder, con = warehouse
    publish(con, folder)
    reports = pl.read_parquet(folder / "latest" / "reports.parquet")
    assert reports.schema["publication_month"] == pl.Date
    assert reports.schema["score"] == pl.Int32
    assert reports.schema["overall_rating"] == pl.String
    kq = pl.read_parquet(folder / "latest" / "key_questions.parquet")
    assert kq.schema["yes_pct"] == pl.Float64
    for name, n in ROWS.items():
        assert pl.read_parquet(folder / "latest" / f"{name}.parquet").height == n, name


def test_views_in_warehouse_duckdb_read_latest_from_another_process(warehouse):
    folder, con = warehouse
    publish(con, folder)
    con.close()
    script = (
        "import duckdb; c = duckdb.connect('warehouse.duckdb', read_only=True);"
        "print(c.execute('SELECT count(*) FROM latest.key_questions').fetchone()[0]);"
        "print(c.execute(\"SELECT data_type FROM information_schema.columns WHERE table_schema='latest' "
        "AND table_name='reports' AND column_name='publication_month'\").fetchone()[0])"
    )
    out = subprocess.run([sys.executable, "-c", script], cwd=folder, capture_output=True, text=True,
                         check=True, env={**os.environ, "PYTHONPATH": ""})
    assert out.stdout.split() == ["4", "DATE"]


def test_views_follow_latest_after_a_new_publish(warehouse):
    folder, con = warehouse
    publish(con, folder)
    assert con.execute("SELECT count(*) FROM latest.reports").fetchone()[0] == 2
    publish(con, folder, report_ids={"northtown-pdu-2023-05"})
    assert con.execute("SELECT report_id FROM latest.reports").fetchall() == [("northtown-pdu-2023-05",)]
    assert con.execute("SELECT count(*) FROM staging.reports").fetchone()[0] == 3  # working tables


def test_duckdb_reads_the_column_descriptions_from_the_file(warehouse):
    folder, con = warehouse
    publish(con, folder)
    path = str(folder / "latest" / "key_questions.parquet")
    rows = duckdb.connect().execute(
        "SELECT decode(value) FROM parquet_kv_metadata(?) WHERE decode(key) = 'column_descriptions'",
        [path]).fetchall()
    descriptions = json.loads(rows[0][0])
    assert descriptions["yes_pct"].startswith("Percentage of inspected cases")
    assert set(descriptions) == set(pq.read_schema(path).names)
