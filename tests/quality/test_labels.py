"""labels: every column a failing row can show (any table's, any check view's) has a human name, and no
name is kept for a column that no longer exists, so the report's names cannot drift from the schema."""

from __future__ import annotations

import duckdb

from pipelines.quality.labels import CHECK_VIEW_COLUMNS, RULE_TABLE_COLUMNS, TABLE_COLUMNS, label
from pipelines.quality.sources import create_check_views, sql_objects
from pipelines.quality.suites import rule_catalogue
from pipelines.schema import TABLES
from tests.quality.fixtures import empty_warehouse


def _view_columns() -> dict[str, set[str]]:
    """Each check view of rules.sql with its columns, built over the empty working tables."""
    con = empty_warehouse(duckdb.connect())
    assert create_check_views(con) == {}
    views = [name for name in sql_objects() if name.startswith("check_")]
    assert len(views) >= 10  # the file was read, not an empty list compared with an empty list
    return {v: {row[0] for row in con.execute(f"DESCRIBE {v}").fetchall()} for v in views}


def test_every_table_column_has_a_name_and_no_name_is_stale():
    schema_columns = {c.name for t in TABLES for c in t.columns}
    assert set(TABLE_COLUMNS) == schema_columns


def test_every_check_view_column_has_a_name_and_no_name_is_stale():
    schema_columns = {c.name for t in TABLES for c in t.columns}
    view_only = set().union(*_view_columns().values()) - schema_columns
    assert set(CHECK_VIEW_COLUMNS) == view_only


def test_every_source_a_rule_reads_is_named_column_by_column():
    views = _view_columns()
    tables = {t.name: {c.name for c in t.columns} for t in TABLES}
    sources = {check.source for rule in rule_catalogue() for check in rule.checks}
    assert "check_standard_band" in sources and "standards" in sources
    for source in sources:
        for column in views.get(source) or tables.get(source) or set():
            assert column in TABLE_COLUMNS or column in CHECK_VIEW_COLUMNS, (source, column)


def test_a_name_that_depends_on_the_rules_table_matches_the_view_that_table_reads():
    views = _view_columns()
    for (table, column) in RULE_TABLE_COLUMNS:
        read = {c.source for r in rule_catalogue() if r.table == table for c in r.checks}
        assert any(column in views.get(s, set()) for s in read), (table, column)


def test_names_read_as_written():
    assert label("band_rating", "standards") == "band of the lowest key question"
    assert label("band_rating", "reports") == "band of the score"
    assert label("points_sum", "reports") == "points of the rated standards"
    assert label("yes_pct") == "% of cases judged 'Yes'"
    assert label("a_column_nobody_named") == "a_column_nobody_named"
