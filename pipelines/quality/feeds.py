"""What Great Expectations is given to validate: bounded frames read from DuckDB where the data is.

A source (a working table, a check view, or a small Arrow table such as the column types) is a relation
in DuckDB with a stable row position (`rowid`; views and Arrow tables are first copied into a temporary
table inside DuckDB). Each expectation is fed by its kind:
- shape (`expect_table_columns_to_match_set`): no rows at all, only the source's columns;
- set-based (uniqueness): a DuckDB query picks the rows whose key occurs more than once (every row a
  duplicate could involve), and GX validates uniqueness on that small result;
- row by row (every other map expectation): batches of at most `ROW_BATCH` rows of only the columns the
  expectations read, indexed by row position so GX's failing indexes name rows of the whole source;
- anything else (an aggregate expectation, none in the suites today): the columns it reads, whole.
A source of at most `ROW_BATCH` rows gives its shape and row-by-row expectations one frame, every row and
column (`small_kind`): one GX validation instead of two, for the many small tables and check views.
Never a full-table pandas copy. Which rows failed is read back by position (`select(...).take`).
Running GX is `gx_runner`; what a result means is `gate`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import duckdb
import pyarrow as pa

# Rows per frame handed to GX. GX copies and hashes each frame (its batch fingerprint), and each frame is
# a `Batch.validate` with a fixed cost: at 1,000 reports, 5,000 rows gave 85 validations and a 6.5 s step
# (peak 460 MiB), 10,000 5.3-5.5 s (469-476 MiB), 20,000 4.8-4.9 s (505-510 MiB, under the run's peak).
ROW_BATCH = 20_000
SHAPE = frozenset({"expect_table_columns_to_match_set", "expect_table_columns_to_match_ordered_list",
                   "expect_table_column_count_to_equal", "expect_table_column_count_to_be_between"})
SET_BASED = frozenset({"expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique"})
ROW_BY_ROW_PREFIXES = ("expect_column_values_", "expect_column_value_lengths_", "expect_column_pair_values_",
                       "expect_multicolumn_values_", "expect_select_column_values_")
# Expectations under those prefixes that judge rows against each other: batches would miss a violation
# across a batch boundary, so they see whole columns.
ACROSS_ROWS = frozenset({"expect_column_values_to_be_increasing", "expect_column_values_to_be_decreasing",
                         "expect_multicolumn_values_to_be_unique",
                         "expect_select_column_values_to_be_unique_within_record"})
SHAPE_KIND, SET_KIND, ROW_KIND, WHOLE_KIND = "shape", "set", "rows", "whole"
SMALL_KIND = "small"  # every row and column of a source of at most ROW_BATCH rows


def feed_kind(expectation_type: str, kwargs: dict[str, Any]) -> str:
    """How an expectation is fed. A row-by-row expectation with `mostly` is judged on all its rows at
    once (whole columns), since a share cannot be judged batch by batch."""
    if expectation_type in SHAPE:
        return SHAPE_KIND
    if expectation_type in SET_BASED:
        return SET_KIND
    if (expectation_type.startswith(ROW_BY_ROW_PREFIXES) and expectation_type not in ACROSS_ROWS
            and "mostly" not in kwargs):
        return ROW_KIND
    return WHOLE_KIND


def small_kind(kind: str, num_rows: int) -> str:
    """The feed of an expectation of `kind` on a source of `num_rows` rows: shape and row-by-row ones of a
    small source share one frame of it all."""
    return SMALL_KIND if kind in (SHAPE_KIND, ROW_KIND) and num_rows <= ROW_BATCH else kind


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _wide_integers(table: pa.Table) -> pa.Table:
    """Integer columns as int64 (same values). GX's pandas `column_values.between` compares an int64 or
    float64 column as a whole, but calls a Python function once per value of any other dtype: DuckDB's
    INTEGER arrives as int32, and at 1,000 reports the range rules made ~460,000 such calls."""
    fields = [pa.field(f.name, pa.int64(), f.nullable, f.metadata) if pa.types.is_integer(f.type)
              and f.type != pa.int64() else f for f in table.schema]
    return table.cast(pa.schema(fields, table.schema.metadata)) if fields != list(table.schema) else table


class Source:
    """One source in DuckDB, read in bounded pieces. `relation` is a table with a `rowid`."""

    def __init__(self, con: duckdb.DuckDBPyConnection, relation: str):
        self.con, self.relation = con, relation
        described = con.execute(f"SELECT * FROM {relation} LIMIT 0")
        self.column_names: list[str] = [d[0] for d in described.description]
        self.num_rows: int = con.execute(f"SELECT count(*) FROM {relation}").fetchone()[0]

    @classmethod
    def copied(cls, con: duckdb.DuckDBPyConnection, name: str, query: str) -> Source:
        """A view (or any query) copied into a temporary table, so its rows keep their positions."""
        temp = _quote(f"feed__{name.replace(':', '__')}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {temp} AS {query}")
        return cls(con, temp)

    @classmethod
    def from_arrow(cls, con: duckdb.DuckDBPyConnection, name: str, table: pa.Table) -> Source:
        con.register("feed_arrow_in", table)
        try:
            return cls.copied(con, name, "SELECT * FROM feed_arrow_in")
        finally:
            con.unregister("feed_arrow_in")

    def _present(self, columns: list[str]) -> list[str]:
        """The columns that exist, once each, in order: a missing one is left for GX to report."""
        return [c for c in dict.fromkeys(columns) if c in self.column_names]

    def shape_frame(self) -> Any:
        return self.con.execute(f"SELECT * FROM {self.relation} LIMIT 0").to_arrow_table().to_pandas()

    def row_frames(self, columns: list[str], size: int | None = None) -> Iterator[Any]:
        """pandas frames of the columns, `size` (default `ROW_BATCH`) rows at most, indexed by row
        position; at least one (empty when the source is), so every expectation is validated on no rows."""
        size = size or ROW_BATCH
        cols = ", ".join(_quote(c) for c in self._present(columns))
        top = self.con.execute(f"SELECT max(rowid) FROM {self.relation}").fetchone()[0]
        top = -1 if top is None else top
        for low in range(0, top + 1, size) if top >= 0 else [0]:
            yield self._frame(
                f"SELECT rowid AS feed_pos{', ' + cols if cols else ''} FROM {self.relation} "
                f"WHERE rowid >= {low} AND rowid < {low + size} ORDER BY rowid")

    def duplicate_frame(self, columns: list[str]) -> Any:
        """The rows whose values of `columns` occur more than once (NULLs counting as equal, as pandas
        counts them), indexed by row position. Raises when a column is missing."""
        cols = ", ".join(_quote(c) for c in columns)
        same = " AND ".join(f"t.{_quote(c)} IS NOT DISTINCT FROM d.{_quote(c)}" for c in columns)
        return self._frame(
            f"SELECT t.rowid AS feed_pos, {', '.join('t.' + _quote(c) for c in columns)} "
            f"FROM {self.relation} t JOIN (SELECT {cols} FROM {self.relation} GROUP BY ALL "
            f"HAVING count(*) > 1) d ON {same} ORDER BY t.rowid")

    def whole_frame(self, columns: list[str]) -> Any:
        cols = ", ".join(_quote(c) for c in self._present(columns)) or "*"
        return self._frame(f"SELECT rowid AS feed_pos, {cols} FROM {self.relation} ORDER BY rowid")

    def _frame(self, sql: str) -> Any:
        frame = _wide_integers(self.con.execute(sql).to_arrow_table()).to_pandas().set_index("feed_pos")
        frame.index.name = None
        return frame

    # what `gate` and `run` read of a source: a few columns, or a few rows by position
    def select(self, columns: list[str]) -> Selection:
        return Selection(self, self._present(columns))

    def column(self, name: str) -> pa.ChunkedArray:
        return self.select([name]).to_arrow().column(name)

    def to_pylist(self) -> list[dict[str, Any]]:
        return self.select(self.column_names).to_pylist()


class Selection:
    """Some columns of a source, read only when asked: all rows (`to_pylist`) or some (`take`)."""

    def __init__(self, source: Source, columns: list[str]):
        self.source, self.columns = source, columns

    def _sql(self, where: str = "") -> str:
        cols = ", ".join(_quote(c) for c in self.columns)
        return (f"SELECT rowid AS feed_pos{', ' + cols if cols else ''} FROM {self.source.relation} "
                f"{where} ORDER BY rowid")

    def to_arrow(self) -> pa.Table:
        return self.source.con.execute(self._sql()).to_arrow_table().drop_columns(["feed_pos"])

    def to_pylist(self) -> list[dict[str, Any]]:
        return self.to_arrow().to_pylist()

    def take(self, positions: pa.Array | list[int]) -> pa.Table:
        """The rows at these positions, in the order given."""
        wanted = [int(p) for p in (positions.to_pylist() if isinstance(positions, pa.Array) else positions)]
        found = self.source.con.execute(
            self._sql("WHERE rowid IN (SELECT UNNEST(?::BIGINT[]))"), [sorted(set(wanted))]).to_arrow_table()
        at = {p: i for i, p in enumerate(found.column("feed_pos").to_pylist())}
        missing = [p for p in wanted if p not in at]
        if missing:
            raise IndexError(f"{self.source.relation} has no row at position {missing[0]}")
        return found.take(pa.array([at[p] for p in wanted], pa.int64())).drop_columns(["feed_pos"])
