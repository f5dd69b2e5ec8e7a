"""Corrections to Great Expectations internals, applied by `gx_runner` when it first imports GX. Each
gives the same results as the method it replaces, says what is wrong in the pinned GX, which test shows
it, and when to remove it. Nothing else belongs here.

GX 1.24.1's `Expectation._get_domain_kwargs`, `_get_success_kwargs`, `_get_success_kwarg` and
`_get_runtime_kwargs` read `self.configuration` once for every key they look up, and that property builds
a new `ExpectationConfiguration` from a pydantic `dict()` of the whole expectation each time: ~14,000
builds for the 85 rules on the two sample reports, about a third of the time `Batch.validate` takes, and
each build turns the class name into snake_case with two regular expressions. The replacements build it
once a call, and the snake_case names are remembered. They are the originals with that one change (GX is
Apache-2.0), and still call each other, so an expectation class that overrides one keeps its override.
Measured on the quality fixture of the two sample reports: `run_quality` 1.13 -> 0.91 s of CPU (best of
seven) with the first three, which left ~7,500 builds; `_get_runtime_kwargs` (one build, not one per
runtime key) takes that to ~6,000. tests/quality/test_gx_fixes.py; remove when GX reads the
configuration once itself.

GX 1.24.1's pandas `column_pair_values.in_set` (expect_column_pair_values_to_be_in_set) walks the two
columns with `DataFrame.iterrows`, which builds a pandas Series for every row (~70 us a row): at 1,000
reports its 20,000 rows took about a second, the largest single cost of the quality step. The
replacement asks the same question of each row, (a, b) in the set with nulls as None, over the columns'
plain values. It replaces only that row function inside GX's registered metric (the closure cell its
decorators keep it in), so GX's decorators still do everything around it. The test compares it with GX's
own on nulls, NaN, ints against floats, strings and booleans; remove when GX vectorises the metric.

Two more cut GX's fixed cost per expectation, which is most of a small run's quality step: on the quality
fixture of the two sample reports `run_quality` went from 0.82-0.85 to 0.69 s of CPU (best of nine).
- `configurations_remembered()`: while `gx_runner` validates one suite, each expectation object builds
  its configuration once (GX 1.24.1 builds it ~30 times an expectation: the methods above, metric
  dependencies, the result). Only inside that call: GX makes its own expectation objects from the
  suite's configurations and changes neither while validating; outside it, every read builds anew.
- `convert_to_json_serializable` answers plain values (None, str, int, bool, float, and dicts, lists and
  tuples of them) itself, as GX's own answers them, and hands anything else to GX's. GX runs every
  metric's keyword arguments through it to name the metric, ~20,000 times for the samples, and for a
  None it tries a dozen types and three numpy dtype checks first. The modules that imported it by name
  get the fast one too.
Both are compared with GX's own in the tests; remove them when GX's validation costs less per expectation.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import sys
import threading
from collections.abc import Iterator
from typing import Any

import numpy as np
import pandas as pd
from great_expectations import util as gx_util
from great_expectations.expectations import expectation as expectation_module
from great_expectations.expectations.expectation import Expectation, parse_result_format
from great_expectations.expectations.metrics.column_pair_map_metrics.column_pair_values_in_set import (
    ColumnPairValuesInSet,
)

logger = logging.getLogger("great_expectations.expectations.expectation")


def _get_domain_kwargs(self: Expectation) -> dict[str, str | None]:
    kwargs = self.configuration.kwargs
    return {key: kwargs.get(key, self._get_default_value(key)) for key in self.domain_keys}


def _get_success_kwargs(self: Expectation) -> dict[str, Any]:
    domain_kwargs = self._get_domain_kwargs()
    kwargs = self.configuration.kwargs
    success_kwargs = {key: kwargs.get(key, self._get_default_value(key)) for key in self.success_keys}
    success_kwargs.update(domain_kwargs)
    return success_kwargs


def _get_success_kwarg(self: Expectation, key: str, default: Any = None) -> Any:
    return _success_kwarg_of(self, self.configuration.kwargs, key, default)


def _success_kwarg_of(self: Expectation, kwargs: dict[str, Any], key: str, default: Any = None) -> Any:
    if key in kwargs:
        return kwargs[key]
    field = self.__fields__.get(key)
    if field is not None:
        return field.default if not field.required else default
    logger.warning(f'_get_success_kwarg called with key "{key}", '
                   f"but it is not a known field of {type(self).__name__}")
    return default


def _get_runtime_kwargs(self: Expectation, runtime_configuration: dict | None = None) -> dict:
    runtime_configuration = runtime_configuration or {}
    success_kwargs = self._get_success_kwargs()
    lookup = self._get_success_kwarg  # an override is called, as GX's own does; ours reads kwargs once
    if type(self)._get_success_kwarg is _get_success_kwarg:
        kwargs = self.configuration.kwargs
        lookup = functools.partial(_success_kwarg_of, self, kwargs)
    runtime_kwargs = {key: runtime_configuration.get(key, lookup(key)) for key in self.runtime_keys}
    runtime_kwargs.update(success_kwargs)
    runtime_kwargs["result_format"] = parse_result_format(runtime_kwargs["result_format"])
    return runtime_kwargs


# A class name's snake_case form, computed by two regular expressions on every `configuration` build.
camel_to_snake = functools.cache(expectation_module.camel_to_snake)
expectation_module.camel_to_snake = camel_to_snake

REPLACED = ("_get_domain_kwargs", "_get_success_kwargs", "_get_success_kwarg", "_get_runtime_kwargs")
ORIGINALS = {name: getattr(Expectation, name) for name in REPLACED}
Expectation._get_domain_kwargs = _get_domain_kwargs
Expectation._get_success_kwargs = _get_success_kwargs
Expectation._get_success_kwarg = _get_success_kwarg
Expectation._get_runtime_kwargs = _get_runtime_kwargs


def _column_pair_values_in_set(cls: type, column_A: pd.Series, column_B: pd.Series,  # noqa: N803 (GX's names)
                               **kwargs: Any) -> Any:
    value_pairs_set = kwargs.get("value_pairs_set")
    if value_pairs_set is None:
        return np.ones(len(column_A), dtype=np.bool_)  # vacuously true
    pairs = {(x, y) for x, y in value_pairs_set}
    results = [(None if pd.isnull(a) else a, None if pd.isnull(b) else b) in pairs
               for a, b in zip(column_A.tolist(), column_B.tolist(), strict=True)]
    return pd.Series(results, index=column_A.index)


def _row_function_cell(metric: Any) -> Any:
    """The closure cell holding the row function itself, under GX's two decorators (each keeps what it
    wraps in a cell named `metric_fn`)."""
    cell = None
    while metric.__closure__ and "metric_fn" in metric.__code__.co_freevars:
        cell = metric.__closure__[metric.__code__.co_freevars.index("metric_fn")]
        metric = cell.cell_contents
    return cell


PAIR_IN_SET_CELL = _row_function_cell(ColumnPairValuesInSet.__dict__["_pandas"])
ORIGINAL_PAIR_IN_SET = PAIR_IN_SET_CELL.cell_contents
PAIR_IN_SET_CELL.cell_contents = _column_pair_values_in_set


ORIGINAL_CONFIGURATION = Expectation.configuration
# per thread, while a suite is validated: id -> (expectation, its configuration); the entry keeps the
# expectation alive, so no other object takes its id meanwhile
_memo = threading.local()


def _configuration(self: Expectation) -> Any:
    remembered = getattr(_memo, "remembered", None)
    if remembered is None:
        return ORIGINAL_CONFIGURATION.fget(self)
    if id(self) not in remembered:
        remembered[id(self)] = (self, ORIGINAL_CONFIGURATION.fget(self))
    return remembered[id(self)][1]


@contextlib.contextmanager
def configurations_remembered() -> Iterator[None]:
    """Inside, in this thread: an expectation's configuration is built on its first read and the same
    object returned after. For one `Batch.validate` call, whose expectations nothing changes meanwhile."""
    before, _memo.remembered = getattr(_memo, "remembered", None), {}
    try:
        yield
    finally:
        _memo.remembered = before


Expectation.configuration = property(_configuration)

ORIGINAL_TO_JSON = gx_util.convert_to_json_serializable


def _to_json(data: Any) -> Any:
    kind = type(data)
    if data is None or kind is str or kind is int or kind is bool:
        return data
    if kind is float:
        return None if data != data else data  # NaN
    if kind is dict:
        return {str(key): _to_json(value) for key, value in data.items()}
    if kind is list or kind is tuple:
        return [_to_json(value) for value in data]
    return ORIGINAL_TO_JSON(data)


# GX's own recursion looks the name up in great_expectations.util, which is among these
TO_JSON_USERS = sorted(name for name, module in list(sys.modules.items())
                       if name.startswith("great_expectations")
                       and getattr(module, "convert_to_json_serializable", None) is ORIGINAL_TO_JSON)
for _name in TO_JSON_USERS:
    sys.modules[_name].convert_to_json_serializable = _to_json
