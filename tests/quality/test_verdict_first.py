"""Verdict first, COMPLETE only where needed: every expectation type validated first for its verdict alone
(BOOLEAN_ONLY) gives the outcome a COMPLETE validation gives, passing and failing, and only what did not
plainly pass is validated again with COMPLETE results. Real DuckDB, real GX; expected rows by hand."""

from typing import Any

import duckdb
import pyarrow as pa
import pytest

from pipelines.quality.feeds import Source
from pipelines.quality.gx_runner import VERDICT_FIRST, Outcome, validate
from pipelines.quality.suites import Check, rule_catalogue

ROWS = {
    "id": ["a", "b", "c", "a"],
    "k": [1, 2, 3, 1],
    "n": [1, 5, 12, None],
    "s": ["Good", "Bad", "Good", None],
    "m": [None, None, "x", None],
    "blank": pa.array([None, None, None, None], pa.string()),
    "A": [3, 2, 5, 1],
    "B": [3, 2, 4, 2],
}

# (type, kwargs that pass, kwargs that fail, failing rows by position)
CASES = [
    ("expect_column_values_to_not_be_null", {"column": "id"}, {"column": "n"}, [3]),
    ("expect_column_values_to_be_null", {"column": "blank"}, {"column": "m"}, [2]),
    ("expect_column_values_to_be_in_set", {"column": "s", "value_set": ["Good", "Bad"]},
     {"column": "s", "value_set": ["Good"]}, [1]),
    ("expect_column_values_to_not_be_in_set", {"column": "s", "value_set": ["Worse"]},
     {"column": "s", "value_set": ["Bad"]}, [1]),
    ("expect_column_values_to_be_between", {"column": "n", "min_value": 0, "max_value": 20},
     {"column": "n", "min_value": 0, "max_value": 10}, [2]),
    ("expect_column_value_lengths_to_be_between", {"column": "s", "min_value": 3},
     {"column": "s", "min_value": 4}, [1]),
    ("expect_column_pair_values_to_be_equal", {"column_A": "A", "column_B": "A"},
     {"column_A": "A", "column_B": "B"}, [2, 3]),
    ("expect_column_pair_values_a_to_be_greater_than_b", {"column_A": "A", "column_B": "A", "or_equal": True},
     {"column_A": "A", "column_B": "B", "or_equal": True}, [3]),
    ("expect_column_pair_values_to_be_in_set",
     {"column_A": "A", "column_B": "B", "value_pairs_set": [[3, 3], [2, 2], [5, 4], [1, 2]]},
     {"column_A": "A", "column_B": "B", "value_pairs_set": [[3, 3], [2, 2], [5, 4]]}, [3]),
    ("expect_column_values_to_be_unique", {"column": "A"}, {"column": "id"}, [0, 3]),
    ("expect_compound_columns_to_be_unique", {"column_list": ["id", "A"]}, {"column_list": ["id", "k"]},
     [0, 3]),
]


def _source() -> Source:
    con = duckdb.connect()
    con.register("given", pa.table(ROWS))
    con.execute("CREATE TABLE t AS SELECT * FROM given")
    return Source(con, "t")


def test_the_cases_cover_every_verdict_first_type():
    assert {c[0] for c in CASES} | {"expect_table_columns_to_match_set"} == VERDICT_FIRST


@pytest.mark.parametrize("kind,passing,failing,rows", CASES, ids=[c[0] for c in CASES])
def test_each_verdict_first_type_passes_and_fails_with_its_failing_rows(kind, passing, failing, rows):
    checks = {"pass": Check(kind, passing, "t"), "fail": Check(kind, failing, "t")}
    outcomes = validate({"t": _source()}, checks)
    assert outcomes["pass"] == Outcome(True)
    assert outcomes["fail"] == Outcome(False, len(rows), rows)


def test_a_wrong_column_set_fails_with_what_gx_observed():
    columns = list(ROWS)
    outcomes = validate({"t": _source()}, {
        "same": Check("expect_table_columns_to_match_set", {"column_set": columns, "exact_match": True}, "t"),
        "short": Check("expect_table_columns_to_match_set", {"column_set": ["id", "k"], "exact_match": True},
                       "t"),
    })
    assert outcomes["same"] == Outcome(True)
    assert outcomes["short"].success is False and outcomes["short"].error is None
    assert outcomes["short"].detail == "{'mismatched': {'unexpected': ['A', 'B', 'blank', 'm', 'n', 's']}}"


def test_a_passing_share_keeps_its_failing_rows():
    outcomes = validate({"t": _source()}, {
        "mostly": Check("expect_column_values_to_be_in_set", {"column": "s", "value_set": ["Good"],
                                                              "mostly": 0.5}, "t"),
    })
    assert outcomes["mostly"] == Outcome(True, 1, [1])


def test_only_what_did_not_plainly_pass_is_validated_with_complete_results(monkeypatch: pytest.MonkeyPatch):
    from great_expectations.datasource.fluent.interfaces import Batch

    calls: list[tuple[str, list[str]]] = []
    real = Batch.validate

    def spy(self: Any, expect: Any, *args: Any, result_format: Any = None, **kwargs: Any) -> Any:
        calls.append((result_format["result_format"], [e.meta["check_id"] for e in expect.expectations]))
        return real(self, expect, *args, result_format=result_format, **kwargs)

    monkeypatch.setattr(Batch, "validate", spy)
    outcomes = validate({"t": _source()}, {
        "clean": Check("expect_column_values_to_not_be_null", {"column": "id"}, "t"),
        "broken": Check("expect_column_values_to_be_between", {"column": "n", "max_value": 10}, "t"),
        "absent": Check("expect_column_values_to_not_be_null", {"column": "nope"}, "t"),
        "share": Check("expect_column_values_to_not_be_null", {"column": "n", "mostly": 0.5}, "t"),
    })
    assert sorted((fmt, sorted(ids)) for fmt, ids in calls) == [
        ("BOOLEAN_ONLY", ["absent", "broken", "clean"]),
        ("COMPLETE", ["absent", "broken"]),
        ("COMPLETE", ["share"]),
    ]
    assert outcomes["clean"] == Outcome(True)
    assert outcomes["broken"] == Outcome(False, 1, [2])
    assert outcomes["absent"].success is False and "nope" in str(outcomes["absent"].error)
    assert outcomes["share"] == Outcome(True, 1, [3])


def test_every_type_the_suites_use_is_validated_verdict_first():
    used = {c.type for rule in rule_catalogue() for c in rule.checks}
    assert used - VERDICT_FIRST == set()
