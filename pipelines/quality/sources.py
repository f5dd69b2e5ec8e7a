"""Reading the warehouse for the checks: the tables, the check views of `rules.sql`, and the column types.

Each source the suites name (a table, a check view, or `column_types:<table>`) becomes a
`feeds.Source`: a relation in DuckDB read in bounded pieces, never whole into Python; a source that cannot
be read records its error instead, so only the rules using it fail.
What a rule expects, and what a failure means, do not belong here (`suites`, `gate`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.quality.feeds import Source
from pipelines.quality.suites import COLUMN_TYPES_SOURCE
from pipelines.schema import TABLES_BY_NAME

RULES_SQL = Path(__file__).with_name("rules.sql")
_OBJECT = re.compile(r"^-- object: (\w+)\s*$", re.MULTILINE)


@dataclass
class Sources:
    """Every source read for one quality run: data by name, or why it could not be read."""

    data: dict[str, Source] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)


def sql_objects(text: str | None = None) -> dict[str, str]:
    """The named statements of rules.sql, in file order."""
    text = RULES_SQL.read_text(encoding="utf-8") if text is None else text
    parts = _OBJECT.split(text)
    return {name: body.strip() for name, body in zip(parts[1::2], parts[2::2], strict=True)}


def create_check_views(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Create the temporary macros and check views; returns {view: error} for those that failed."""
    errors: dict[str, str] = {}
    for name, statement in sql_objects().items():
        try:
            con.execute(statement)
        except duckdb.Error as exc:
            errors[name] = f"{type(exc).__name__}: {exc}"
    return errors


def column_types(con: duckdb.DuckDBPyConnection, table: str) -> pa.Table:
    """One row per column of the schema or of the warehouse table: expected and actual DuckDB type."""
    actual = dict(con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_schema = 'staging' AND table_name = ? ORDER BY ordinal_position", [table]).fetchall())
    expected = {c.name: c.type for c in TABLES_BY_NAME[table].columns}
    names = list(expected) + [n for n in actual if n not in expected]
    return pa.table({
        "column_name": names,
        "expected_type": [expected.get(n) for n in names],
        "actual_type": [actual.get(n) for n in names],
    })


def read_sources(con: duckdb.DuckDBPyConnection, names: set[str]) -> Sources:
    """Read every named source; views are created first. Tables are read from the `staging` schema."""
    sources = Sources()
    view_errors = create_check_views(con)
    for name in sorted(names):
        try:
            if name.startswith(COLUMN_TYPES_SOURCE + ":"):
                sources.data[name] = Source.from_arrow(con, name, column_types(con, name.split(":", 1)[1]))
            elif name in view_errors:
                sources.errors[name] = f"check view {name} could not be built: {view_errors[name]}"
            elif name in TABLES_BY_NAME:  # a working table: rows keep their load order as positions
                sources.data[name] = Source(con, f'staging."{name}"')
            else:  # a check view, copied once inside DuckDB so its rows have positions
                sources.data[name] = Source.copied(con, name, f'SELECT * FROM "{name}"')
        except duckdb.Error as exc:
            sources.errors[name] = f"{name} could not be read: {type(exc).__name__}: {exc}"
    return sources
