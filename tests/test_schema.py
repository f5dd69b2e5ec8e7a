"""The published schema against what analysts were promised (README, docs/data-dictionary.md): names,
types, nullability and keys typed here by hand, so a change to `pipelines/schema.py` that alters the
contract fails here until it is made on purpose."""

import duckdb
import pyarrow as pa
import pytest

from pipelines.schema import TABLES, TABLES_BY_NAME, arrow_schema, ddl

# (column, DuckDB type, nullable) as published; a few per table, the keys and the provenance columns.
PROMISED = {
    "reports": [("report_id", "VARCHAR", False), ("inspected_body", "VARCHAR", False),
                ("publication_month", "DATE", False), ("overall_rating", "VARCHAR", True),
                ("score", "INTEGER", True), ("score_max", "INTEGER", True),
                ("source_sha256", "VARCHAR", False)],
    "standards": [("report_id", "VARCHAR", False), ("standard_code", "VARCHAR", False),
                  ("rating", "VARCHAR", True), ("points", "INTEGER", True), ("is_rated", "BOOLEAN", False),
                  ("char_start", "INTEGER", False), ("page_no", "INTEGER", True)],
    "key_questions": [("standard_code", "VARCHAR", False), ("question_no", "INTEGER", False),
                      ("yes_pct", "DOUBLE", True)],
    "recommendations": [("recommendation_no", "INTEGER", False), ("addressee", "VARCHAR", False),
                        ("text", "VARCHAR", False)],
    "findings": [("standard_code", "VARCHAR", True), ("kind", "VARCHAR", False),
                 ("finding_no", "INTEGER", False)],
    "quotes": [("section", "VARCHAR", False), ("text", "VARCHAR", False)],
    "sections": [("section_path", "VARCHAR", False), ("level", "INTEGER", False)],
    "extraction_issues": [("report_id", "VARCHAR", True), ("severity", "VARCHAR", False),
                          ("code", "VARCHAR", False), ("char_start", "INTEGER", True)],
    "bodies": [("body_id", "VARCHAR", False), ("body_name", "VARCHAR", False),
               ("inspections", "INTEGER", False)],
    "rating_history": [("report_id", "VARCHAR", False), ("body_id", "VARCHAR", False),
                       ("inspection_no", "INTEGER", False), ("score_change", "INTEGER", True)],
}
# The single-column id each table relates on in BI tools (its primaryKey in datapackage.json).
IDS = {
    "reports": "report_id", "standards": "standard_id", "key_questions": "key_question_id",
    "recommendations": "recommendation_id", "findings": "finding_id", "quotes": "quote_id",
    "sections": "section_id", "extraction_issues": "issue_id", "bodies": "body_id",
    "rating_history": "report_id",
}
KEYS = {
    "reports": ("report_id",),
    "standards": ("report_id", "standard_code"),
    "key_questions": ("report_id", "standard_code", "question_no"),
    "recommendations": ("report_id", "recommendation_no"),
    "findings": ("report_id", "standard_code", "section", "kind", "finding_no"),
    "quotes": ("report_id", "char_start"),
    "sections": ("report_id", "char_start", "section_path"),
    "extraction_issues": ("source_file", "code", "char_start", "message"),
    "bodies": ("body_id",),
    "rating_history": ("body_id", "inspection_no"),
}


def test_the_published_tables_in_order():
    assert [t.name for t in TABLES] == ["reports", "standards", "key_questions", "recommendations",
                                        "findings", "quotes", "sections", "bodies", "rating_history",
                                        "extraction_issues"]


@pytest.mark.parametrize("name", sorted(PROMISED))
def test_ddl_gives_the_promised_columns_types_and_nullability(name):
    con = duckdb.connect()
    con.execute(ddl(TABLES_BY_NAME[name]))
    described = {row[0]: (row[1], row[2] == "YES") for row in con.execute(f"DESCRIBE {name}").fetchall()}
    for column, type_, nullable in PROMISED[name]:
        assert described[column] == (type_, nullable), (name, column)


@pytest.mark.parametrize("name", sorted(KEYS))
def test_keys_as_promised(name):
    assert TABLES_BY_NAME[name].key == KEYS[name]


@pytest.mark.parametrize("name", sorted(IDS))
def test_each_table_has_its_single_column_id(name):
    table = TABLES_BY_NAME[name]
    assert table.id == IDS[name]
    column = table.column(IDS[name])
    assert column.type == "VARCHAR" and not column.nullable


def test_rows_read_from_a_report_end_with_their_source_span():
    for name in ("standards", "key_questions", "recommendations", "findings", "quotes", "sections"):
        assert TABLES_BY_NAME[name].column_names[:2] == [IDS[name], "report_id"], name
        assert TABLES_BY_NAME[name].column_names[-3:] == ["char_start", "char_end", "page_no"], name


def test_arrow_schema_types_and_descriptions():
    schema = arrow_schema(TABLES_BY_NAME["reports"])
    assert schema.field("publication_month").type == pa.date32()
    assert schema.field("score").type == pa.int32()
    assert not schema.field("report_id").nullable
    assert schema.field("report_id").metadata[b"description"].startswith(b"Stable slug")
    assert arrow_schema(TABLES_BY_NAME["key_questions"]).field("yes_pct").type == pa.float64()
