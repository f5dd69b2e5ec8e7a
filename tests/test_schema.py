import duckdb

from pipelines.schema import TABLES, arrow_schema, ddl


def test_ddl_creates_every_table_with_its_declared_columns():
    con = duckdb.connect()
    for table in TABLES:
        con.execute(ddl(table))
        got = [r[0] for r in con.execute(f"DESCRIBE {table.name}").fetchall()]
        assert got == table.column_names


def test_arrow_schema_carries_descriptions():
    schema = arrow_schema(TABLES[0])
    assert schema.field("report_id").metadata[b"description"].startswith(b"Stable slug")
    assert str(schema.field("publication_month").type) == "date32[day]"
