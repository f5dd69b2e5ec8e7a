"""What GX is fed: bounded frames from DuckDB (sizes honoured, positions kept), the duplicates of a key for
uniqueness, and GX's verdicts over batches merged into one per expectation. Real DuckDB, real GX."""

import duckdb
import pyarrow as pa

from pipelines.quality import feeds
from pipelines.quality.feeds import ROW_KIND, SET_KIND, SHAPE_KIND, WHOLE_KIND, Source, feed_kind
from pipelines.quality.gx_runner import validate
from pipelines.quality.suites import Check, rule_catalogue


def _source(rows: dict[str, list]) -> Source:
    con = duckdb.connect()
    con.register("given", pa.table(rows))
    con.execute("CREATE TABLE t AS SELECT * FROM given")
    return Source(con, "t")


def test_row_frames_hold_at_most_the_batch_size_and_only_the_columns_read():
    source = _source({"k": list("abcdefg"), "v": [1, 2, 3, 4, 5, 6, 7], "text": ["long"] * 7})
    frames = list(source.row_frames(["v"], size=3))
    assert [len(f) for f in frames] == [3, 3, 1]
    assert [list(f.index) for f in frames] == [[0, 1, 2], [3, 4, 5], [6]]
    assert all(list(f.columns) == ["v"] for f in frames)


def test_an_empty_source_still_gives_one_frame_so_its_expectations_run():
    source = _source({"v": pa.array([], pa.int64())})
    frames = list(source.row_frames(["v"], size=3))
    assert len(frames) == 1 and len(frames[0]) == 0 and list(frames[0].columns) == ["v"]


def test_duplicate_frame_is_every_row_whose_key_recurs_nulls_counting_as_equal():
    source = _source({"a": ["x", "y", "x", None, None, "z"], "b": [1, 1, 1, 2, 2, 3]})
    assert list(source.duplicate_frame(["a", "b"]).index) == [0, 2, 3, 4]
    assert list(source.duplicate_frame(["b"]).index) == [0, 1, 2, 3, 4]


def test_failing_rows_across_batches_are_named_by_their_position_in_the_whole_source(monkeypatch):
    monkeypatch.setattr(feeds, "ROW_BATCH", 2)
    source = _source({"rating": ["Good", "Bad", "Good", "Good", "Worse"], "n": [1, 2, 3, 4, 5]})
    in_set = {"column": "rating", "value_set": ["Good"]}
    outcomes = validate({"t": source}, {
        "in_set": Check("expect_column_values_to_be_in_set", in_set, "t"),
        "range": Check("expect_column_values_to_be_between", {"column": "n", "min_value": 0, "max_value": 9},
                       "t"),
    })
    assert outcomes["in_set"].success is False
    assert outcomes["in_set"].unexpected_rows == [1, 4] and outcomes["in_set"].unexpected_count == 2
    assert outcomes["range"].success is True and outcomes["range"].unexpected_rows == []
    assert source.select(["rating"]).take([4, 1]).to_pylist() == [{"rating": "Worse"}, {"rating": "Bad"}]


def test_uniqueness_is_judged_by_gx_on_the_duplicates_duckdb_found():
    source = _source({"id": ["a", "b", "c", "a", "d"], "x": [1, 2, 1, 2, 1]})
    outcomes = validate({"t": source}, {
        "one": Check("expect_column_values_to_be_unique", {"column": "id"}, "t"),
        "pair": Check("expect_compound_columns_to_be_unique", {"column_list": ["id", "x"]}, "t"),
    })
    assert outcomes["one"].success is False and outcomes["one"].unexpected_rows == [0, 3]
    assert outcomes["pair"].success is True


def test_a_missing_column_or_a_wrong_column_set_fails_never_passes():
    source = _source({"id": ["a", "b"]})
    outcomes = validate({"t": source}, {
        "absent": Check("expect_column_values_to_not_be_null", {"column": "nope"}, "t"),
        "absent_key": Check("expect_column_values_to_be_unique", {"column": "nope"}, "t"),
        "shape": Check("expect_table_columns_to_match_set", {"column_set": ["id", "x"], "exact_match": True},
                       "t"),
        "fine": Check("expect_column_values_to_not_be_null", {"column": "id"}, "t"),
    })
    assert outcomes["absent"].success is False and outcomes["absent"].error
    assert outcomes["absent_key"].success is False and outcomes["absent_key"].error
    assert outcomes["shape"].success is False
    assert outcomes["fine"].success is True


def test_no_check_of_the_suites_is_fed_a_whole_table():
    kinds = {feed_kind(c.type, c.kwargs) for rule in rule_catalogue() for c in rule.checks}
    assert WHOLE_KIND not in kinds and {ROW_KIND, SET_KIND, SHAPE_KIND} <= kinds
    assert feed_kind("expect_column_values_to_not_be_null", {"column": "a", "mostly": 0.9}) == WHOLE_KIND
    # rows judged against each other: a violation across two batches must not pass
    assert feed_kind("expect_column_values_to_be_increasing", {"column": "a"}) == WHOLE_KIND
    assert feed_kind("expect_multicolumn_values_to_be_unique", {"column_list": ["a", "b"]}) == WHOLE_KIND


def _frames_validated(monkeypatch, source: Source, checks: dict) -> list[tuple[list[str], int, list[str]]]:
    """(check ids, rows, columns) of each frame GX validated."""
    from great_expectations.datasource.fluent.interfaces import Batch

    seen: list[tuple[list[str], int, list[str]]] = []
    real = Batch.validate

    def spy(self, expect, *args, **kwargs):
        frame, ids = self.data.dataframe, sorted(e.meta["check_id"] for e in expect.expectations)
        seen.append((ids, len(frame), list(frame.columns)))
        return real(self, expect, *args, **kwargs)

    monkeypatch.setattr(Batch, "validate", spy)
    validate({"t": source}, checks)
    return seen


_SHAPE_AND_ROWS = {
    "shape": Check("expect_table_columns_to_match_set", {"column_set": ["k", "v"], "exact_match": True}, "t"),
    "rows": Check("expect_column_values_to_be_between", {"column": "v", "min_value": 0, "max_value": 9}, "t"),
}


def test_a_small_source_gives_its_shape_and_row_checks_one_frame_of_every_row_and_column(monkeypatch):
    source = _source({"k": list("abc"), "v": [1, 2, 3]})
    assert _frames_validated(monkeypatch, source, _SHAPE_AND_ROWS) == [(["rows", "shape"], 3, ["k", "v"])]


def test_a_source_past_one_batch_gives_its_shape_no_rows_and_its_row_checks_batches(monkeypatch):
    monkeypatch.setattr(feeds, "ROW_BATCH", 2)
    source = _source({"k": list("abc"), "v": [1, 2, 3]})
    assert _frames_validated(monkeypatch, source, _SHAPE_AND_ROWS) == [
        (["shape"], 0, ["k", "v"]), (["rows"], 2, ["v"]), (["rows"], 1, ["v"])]


def test_integer_columns_reach_gx_as_int64_and_ranges_still_fail_where_they_should():
    # DuckDB's INTEGER arrives as int32, which GX's range metric walks value by value; int64 it compares
    # as a whole column. The values, nulls and verdicts are the same.
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES (1::INTEGER, 5::SMALLINT, 2.5::DOUBLE, 'a'), "
                "(NULL, 120::SMALLINT, NULL, 'b'), (7::INTEGER, 3::SMALLINT, 1.0::DOUBLE, NULL)) "
                "v(i, s, d, t)")
    [frame] = list(Source(con, "t").row_frames(["i", "s", "d", "t"]))
    assert [str(frame[c].dtype) for c in ("s", "d")] == ["int64", "float64"]
    assert str(frame["i"].dtype) == "float64"  # a NULL among integers: pandas' float64 with NaN, as before
    assert frame["s"].tolist() == [5, 120, 3]
    in_range = {"column": "s", "min_value": 0, "max_value": 100}
    check = Check("expect_column_values_to_be_between", in_range, "t")
    outcome = validate({"t": Source(con, "t")}, {"range": check})["range"]
    assert not outcome.success and outcome.unexpected_rows == [1]
