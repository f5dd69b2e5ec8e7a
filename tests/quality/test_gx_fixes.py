"""pipelines/quality/gx_fixes.py changes how often Great Expectations builds an expectation's
configuration, never what it answers: for every expectation of the project's rules, each replaced method
gives what GX's own gives, the snake_case names match, and a lookup builds the configuration once."""

from __future__ import annotations

import pytest

from pipelines.quality import gx_runner
from pipelines.quality.suites import rule_catalogue


@pytest.fixture(scope="module")
def gx_fixes():
    """The fixes module, once `gx_runner` has imported GX and applied them, as a run does (here, not at
    collection: every xdist worker collects this file)."""
    gx_runner._gx()
    from pipelines.quality import gx_fixes

    return gx_fixes


@pytest.fixture(scope="module")
def expectations(gx_fixes):
    _, _, to_expectation = gx_runner._gx()
    return [to_expectation(check, f"{rule.rule_id}#{i}")
            for rule in rule_catalogue() for i, check in enumerate(rule.checks)]


def test_the_fixes_are_in_place(gx_fixes, expectations):
    from great_expectations.expectations import expectation as module

    for name, fixed in (("_get_domain_kwargs", gx_fixes._get_domain_kwargs),
                        ("_get_success_kwargs", gx_fixes._get_success_kwargs),
                        ("_get_success_kwarg", gx_fixes._get_success_kwarg),
                        ("_get_runtime_kwargs", gx_fixes._get_runtime_kwargs)):
        assert getattr(module.Expectation, name) is fixed
    assert module.camel_to_snake is gx_fixes.camel_to_snake
    assert len(expectations) > 100  # every rule's expectations, both families of check


@pytest.mark.parametrize("name", ["_get_domain_kwargs", "_get_success_kwargs"])
def test_each_replaced_method_answers_as_gx_does(name, gx_fixes, expectations):
    original = gx_fixes.ORIGINALS[name]
    for expectation in expectations:
        assert getattr(expectation, name)() == original(expectation), expectation.configuration.meta


RUNTIMES = [None, {"result_format": "COMPLETE"},
            {"result_format": {"result_format": "BOOLEAN_ONLY"}, "catch_exceptions": True}]


@pytest.mark.parametrize("runtime", RUNTIMES)
def test_runtime_kwargs_are_gx_own(runtime, gx_fixes, expectations):
    original = gx_fixes.ORIGINALS["_get_runtime_kwargs"]
    for expectation in expectations:
        assert expectation._get_runtime_kwargs(runtime) == original(expectation, runtime)


def test_no_expectation_class_of_the_rules_overrides_a_replaced_method(gx_fixes, expectations):
    from great_expectations.expectations.expectation import Expectation

    for expectation in expectations:
        for name in gx_fixes.ORIGINALS:
            assert getattr(type(expectation), name) is getattr(Expectation, name), (type(expectation), name)


def test_one_kwarg_is_looked_up_as_gx_does_including_unknown_keys(gx_fixes, expectations):
    original = gx_fixes.ORIGINALS["_get_success_kwarg"]
    for expectation in expectations:
        keys = {*expectation.domain_keys, *expectation.success_keys, *expectation.runtime_keys, "no_such_key"}
        for key in keys:
            assert expectation._get_success_kwarg(key, "absent") == original(expectation, key, "absent")


def test_snake_case_names_are_gx_own(gx_fixes, expectations):
    from great_expectations.util import camel_to_snake

    for expectation in expectations:
        name = type(expectation).__name__
        assert gx_fixes.camel_to_snake(name) == camel_to_snake(name) == expectation.expectation_type


def test_a_lookup_builds_the_configuration_once(monkeypatch, gx_fixes, expectations):
    from great_expectations.expectations.expectation import Expectation

    built = []
    real = Expectation.configuration

    def counting(self):
        built.append(1)
        return real.fget(self)

    monkeypatch.setattr(Expectation, "configuration", property(counting))
    pair = next(e for e in expectations if len(e.domain_keys) + len(e.success_keys) > 3)
    pair._get_domain_kwargs()
    assert len(built) == 1
    built.clear()
    pair._get_success_kwargs()
    assert len(built) == 2  # once for the domain keys, once for the success keys
    built.clear()
    gx_fixes.ORIGINALS["_get_domain_kwargs"](pair)
    assert len(built) == len(pair.domain_keys) == 5  # GX's own: once a key


def test_the_pair_in_set_row_function_is_replaced_inside_gx_registered_metric(gx_fixes):
    from great_expectations.expectations.registry import _registered_metrics

    providers = _registered_metrics["column_pair_values.in_set.condition"]["providers"]
    _, registered = providers["PandasExecutionEngine"]
    assert gx_fixes._row_function_cell(registered) is gx_fixes.PAIR_IN_SET_CELL
    assert gx_fixes.PAIR_IN_SET_CELL.cell_contents is gx_fixes._column_pair_values_in_set
    original = gx_fixes.ORIGINAL_PAIR_IN_SET.__code__
    assert original.co_filename.endswith("column_pair_values_in_set.py") and "iterrows" in original.co_names


PAIR_CASES = [  # (column A, column B, value_pairs_set), written as the rules' data can come
    (["Good", "Good", None, "Inadequate", "Outstanding"], [2, 3, 1, 0, None],
     [["Outstanding", 3], ["Good", 2], ["Requires improvement", 1], ["Inadequate", 0]]),
    (["Good", "Requires improvement"], [2.0, float("nan")], [["Good", 2], ["Requires improvement", 1]]),
    ([None, "x"], [None, None], [[None, None]]),
    ([1, 2, 3], [1.0, 2.5, 3.0], [[1, 1], [3, 3]]),
    ([True, False, True], ["a", "b", "b"], [[True, "a"], [False, "b"]]),
    ([], [], [["a", 1]]),
]


@pytest.mark.parametrize(("a", "b", "pairs"), PAIR_CASES)
def test_the_pair_in_set_replacement_answers_as_gx_own(gx_fixes, a, b, pairs):
    import pandas as pd

    index = pd.Index([10 + 7 * i for i in range(len(a))])  # positions in a source, not 0..n-1
    frame = pd.DataFrame({"A": a, "B": b}, index=index)
    ours = gx_fixes._column_pair_values_in_set(None, frame["A"], frame["B"], value_pairs_set=pairs)
    gx_own = gx_fixes.ORIGINAL_PAIR_IN_SET(None, frame["A"], frame["B"], value_pairs_set=pairs)
    assert ours.tolist() == gx_own.tolist()
    assert list(ours.index) == list(gx_own.index) == list(index)


def test_the_pair_in_set_replacement_answers_by_hand(gx_fixes):
    import pandas as pd

    rating = pd.Series(["Good", "Good", None, "Inadequate"], index=[3, 4, 5, 6])
    points = pd.Series([2.0, 3.0, float("nan"), 0.0], index=[3, 4, 5, 6])
    pairs = [["Good", 2], ["Inadequate", 0], [None, None]]
    result = gx_fixes._column_pair_values_in_set(None, rating, points, value_pairs_set=pairs)
    assert result.to_dict() == {3: True, 4: False, 5: True, 6: True}
    assert list(gx_fixes._column_pair_values_in_set(None, rating, points, value_pairs_set=None)) == [True] * 4


def test_a_configuration_is_remembered_only_inside_the_block(gx_fixes, expectations):
    expectation = expectations[0]
    outside = expectation.configuration
    assert expectation.configuration is not outside  # built anew on every read, as GX does
    with gx_fixes.configurations_remembered():
        inside = expectation.configuration
        assert expectation.configuration is inside
        assert inside == outside == gx_fixes.ORIGINAL_CONFIGURATION.fget(expectation)
    assert expectation.configuration is not inside


CHECKED = [  # (type, kwargs) over the frame below; failing positions typed by hand
    ("expect_column_values_to_not_be_null", {"column": "rating"}),  # fails at 13
    ("expect_column_values_to_be_between", {"column": "pct", "min_value": 0, "max_value": 100}),  # 12
    ("expect_column_values_to_be_in_set", {"column": "rating", "value_set": ["Good", "Inadequate"]}),  # 11
    ("expect_column_pair_values_to_be_equal", {"column_A": "pct", "column_B": "pct_again"}),  # 11
    ("expect_column_values_to_be_unique", {"column": "code"}),  # 10, 12
    ("expect_column_values_to_not_be_null", {"column": "code"}),  # passes
]


def test_validation_answers_the_same_with_configurations_remembered(gx_fixes, monkeypatch):
    import pandas as pd
    from great_expectations.expectations.expectation import Expectation
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    frame = pd.DataFrame({"rating": ["Good", "Outstanding", "Good", None],
                          "pct": [55.0, 80.0, 105.0, 40.0], "pct_again": [55.0, 81.0, 105.0, 40.0],
                          "code": ["2.1", "2.2", "2.1", "2.3"]}, index=[10, 11, 12, 13])
    gx, batches, _ = gx_runner._gx()

    def validated() -> list[dict]:
        expectations = [ExpectationConfiguration(type=t, kwargs=k, meta={"n": n}).to_domain_obj()
                        for n, (t, k) in enumerate(CHECKED)]
        batch = batches.get_batch(batch_parameters={"dataframe": frame})
        return [r.to_json_dict() for r in gx_runner._results(gx, batch, "t", expectations, "COMPLETE")]

    ours = validated()
    monkeypatch.setattr(Expectation, "configuration", gx_fixes.ORIGINAL_CONFIGURATION)
    assert validated() == ours
    failing = {r["expectation_config"]["meta"]["n"]: r["result"].get("unexpected_index_list") for r in ours}
    assert failing == {0: [13], 1: [12], 2: [11], 3: [11], 4: [10, 12], 5: []}


def test_plain_values_become_json_as_gx_own_makes_them(gx_fixes):
    import datetime
    import enum

    import numpy as np
    from great_expectations.core.id_dict import IDDict

    class Colour(enum.Enum):
        RED = "red"

    values = [None, "x", "", 0, -5, 2**70, True, False, 1.5, float("nan"), float("inf"), [], (), {},
              {1: [1, 2.0, None], "a": (3, "b"), 2.5: {"deep": [float("nan"), "z"]}},
              [np.int64(3), np.float64(2.5), np.bool_(True)], {"set": {1}}, datetime.date(2023, 5, 1),
              Colour.RED, IDDict({"column": "rating", "row_condition": None}), {"column": "pct", "n": None}]
    for value in values:
        ours, gx_own = gx_fixes._to_json(value), gx_fixes.ORIGINAL_TO_JSON(value)
        assert ours == gx_own and type(ours) is type(gx_own), value
    assert gx_fixes._to_json({"nan": float("nan")}) == {"nan": None}  # by hand: NaN is null in JSON


def test_gx_modules_that_name_the_converter_use_the_fast_one(gx_fixes):
    import great_expectations.core.id_dict as id_dict
    import great_expectations.util as util

    assert {"great_expectations.util", "great_expectations.core.id_dict"} <= set(gx_fixes.TO_JSON_USERS)
    assert util.convert_to_json_serializable is id_dict.convert_to_json_serializable is gx_fixes._to_json


def test_remembering_is_per_thread_and_ends_with_each_block(gx_fixes, expectations):
    import threading

    expectation = expectations[0]
    inside, seen, done = threading.Event(), [], threading.Event()

    def other() -> None:  # a block in another thread that outlives this thread's block
        with gx_fixes.configurations_remembered():
            inside.set()
            done.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with gx_fixes.configurations_remembered():
        seen.append(expectation.configuration is expectation.configuration)
    seen.append(expectation.configuration is expectation.configuration)  # this thread's block is over
    done.set()
    thread.join(10)
    seen.append(expectation.configuration is expectation.configuration)
    assert seen == [True, False, False]
