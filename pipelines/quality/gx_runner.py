"""The thin Great Expectations 1.x integration: validate the warehouse's sources against expectations.

This is the only module that imports great_expectations (through `gx_import`, which applies `gx_fixes`),
and only when `validate` first runs (the import costs seconds). One ephemeral context per process, reused
for every source and run: one pandas data source, dataframe asset and whole-dataframe batch definition,
given bounded frames in turn (`feeds` decides what each expectation is fed: no rows, the duplicates of a
key, or batches of rows). Each frame is validated twice at most: first for the verdict alone
(BOOLEAN_ONLY, which skips GX's metrics of unexpected values and indexes) for the types in
`VERDICT_FIRST`, then with COMPLETE results for every expectation that did not plainly pass (failed,
raised, has `mostly`, or is of another type), so every failing row is known by its position in the source;
on a clean run nearly nothing is validated twice. An expectation's outcomes over its batches are merged.
Deciding what the results mean belongs in `gate`; reading the warehouse belongs in `sources` and `feeds`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipelines.quality.feeds import (
    ROW_KIND,
    SET_KIND,
    SHAPE_KIND,
    SMALL_KIND,
    Source,
    feed_kind,
    small_kind,
)
from pipelines.quality.gx_import import import_great_expectations
from pipelines.quality.suites import Check

# Types whose verdict GX computes from the same metrics in BOOLEAN_ONLY as in COMPLETE (each is checked
# passing and failing in tests/quality/test_verdict_first.py); others are validated with COMPLETE only.
VERDICT_FIRST = frozenset({
    "expect_column_values_to_not_be_null", "expect_column_values_to_be_null",
    "expect_column_values_to_be_in_set", "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_be_between", "expect_column_value_lengths_to_be_between",
    "expect_column_pair_values_to_be_equal", "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_in_set",
    "expect_column_values_to_be_unique", "expect_compound_columns_to_be_unique",
    "expect_table_columns_to_match_set",
})


@dataclass
class Outcome:
    """The result of one expectation: success, failing row positions in its source, or an error."""

    success: bool
    unexpected_count: int = 0
    unexpected_rows: list[int] = field(default_factory=list)
    detail: str | None = None  # what a table-level expectation observed, e.g. missing columns
    error: str | None = None


def validate(sources: dict[str, Source], checks: dict[str, Check]) -> dict[str, Outcome]:
    """Run every check (keyed by an id) on its source; a check whose source is absent is not run."""
    gx, batches, to_expectation = _gx()
    by_source: dict[str, list[str]] = defaultdict(list)
    for check_id, check in checks.items():
        if check.source in sources:
            by_source[check.source].append(check_id)

    outcomes: dict[str, Outcome] = {}
    for source, ids in sorted(by_source.items()):
        feeds: dict[tuple[str, tuple[str, ...]], list[tuple[str, Any]]] = defaultdict(list)
        for check_id in ids:
            check = checks[check_id]
            try:
                expectation = to_expectation(check, check_id)
            except Exception as exc:  # an unknown expectation type or bad kwargs in a suite file
                outcomes[check_id] = Outcome(False, error=f"invalid expectation {check.type}: {exc}")
                continue
            kind = small_kind(feed_kind(check.type, check.kwargs), sources[source].num_rows)
            # row-by-row checks share their batches; set-based and whole ones each have their own feed
            columns = () if kind in (ROW_KIND, SHAPE_KIND, SMALL_KIND) else tuple(check.columns)
            feeds[(kind, columns)].append((check_id, expectation))
        for (kind, columns), group in feeds.items():
            try:
                frames = _frames(sources[source], kind, columns, [checks[i] for i, _ in group])
                for frame in frames:
                    batch = batches.get_batch(batch_parameters={"dataframe": frame})
                    found = _validated(gx, batch, f"{source}:{kind}", group, checks)
                    for check_id, outcome in found.items():
                        outcomes[check_id] = _merged(outcomes.get(check_id), outcome)
            except Exception as exc:
                for check_id, _ in group:
                    outcomes[check_id] = Outcome(False, error=f"validating {source} raised {exc!r}")
    return outcomes


def _validated(gx: Any, batch: Any, name: str, group: list[tuple[str, Any]],
               checks: dict[str, Check]) -> dict[str, Outcome]:
    """Each expectation's outcome on one batch: a plain pass of the verdict-only validation is final (its
    COMPLETE result would be the same: no unexpected rows, no detail); everything else is validated with
    COMPLETE results."""
    outcomes: dict[str, Outcome] = {}
    first = [e for check_id, e in group if _verdict_first(checks[check_id])]
    if first:
        for res in _results(gx, batch, name, first, "BOOLEAN_ONLY"):
            if res.success is True and not _exception_message(res.exception_info):
                outcomes[res.expectation_config.meta["check_id"]] = Outcome(True)
    rest = [e for check_id, e in group if check_id not in outcomes]
    if rest:
        for res in _results(gx, batch, name, rest, "COMPLETE"):
            outcomes[res.expectation_config.meta["check_id"]] = _outcome(res)
    return outcomes


def _results(gx: Any, batch: Any, name: str, expectations: list[Any], result_format: str) -> list[Any]:
    from pipelines.quality.gx_fixes import configurations_remembered  # imported with GX, by `_gx`

    suite = gx.ExpectationSuite(name=name, expectations=expectations)
    with configurations_remembered():
        return batch.validate(suite, result_format={"result_format": result_format}).results


def _verdict_first(check: Check) -> bool:
    """Whether a pass of the verdict-only validation is final: a type whose BOOLEAN_ONLY verdict is its
    COMPLETE one (tests/quality/test_verdict_first.py), without `mostly` (a passing share may still have
    failing rows to report)."""
    return check.type in VERDICT_FIRST and "mostly" not in check.kwargs


def _frames(source: Source, kind: str, columns: tuple[str, ...], checks: list[Check]) -> Iterator[Any]:
    if kind == SHAPE_KIND:
        yield source.shape_frame()
    elif kind == SMALL_KIND:
        yield source.whole_frame([])
    elif kind == SET_KIND:
        yield source.duplicate_frame(list(columns))
    elif kind == ROW_KIND:
        yield from source.row_frames([c for check in checks for c in check.columns])
    else:
        yield source.whole_frame(list(columns))


def _merged(before: Outcome | None, batch: Outcome) -> Outcome:
    """One check's outcome over the batches seen so far."""
    if before is None:
        return batch
    if before.error or batch.error:
        return before if before.error else batch
    return Outcome(before.success and batch.success, before.unexpected_count + batch.unexpected_count,
                   before.unexpected_rows + batch.unexpected_rows, before.detail or batch.detail)


def _gx() -> tuple[Any, Any, Callable[[Check, str], Any]]:
    """great_expectations, its batch definition and an expectation maker. The import statement runs every
    time (nearly free once imported, and an ImportError when GX is gone fails every check); the context
    is made once per process (it costs seconds; a process may validate many times)."""
    gx = import_great_expectations()
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    def to_expectation(check: Check, check_id: str) -> Any:
        config = ExpectationConfiguration(type=check.type, kwargs=check.kwargs, meta={"check_id": check_id})
        return config.to_domain_obj()

    return gx, _batch_definition(), to_expectation


@cache
def _batch_definition() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return (context.data_sources.add_pandas("warehouse").add_dataframe_asset("source")
            .add_batch_definition_whole_dataframe("all"))


def _outcome(res: Any) -> Outcome:
    error = _exception_message(res.exception_info)
    if error:
        return Outcome(False, error=error)
    result = res.result or {}
    rows = [int(i) for i in result.get("unexpected_index_list") or []]
    detail = None
    if "details" in result or "observed_value" in result:
        detail = str(result.get("details") or result.get("observed_value"))
    return Outcome(bool(res.success), int(result.get("unexpected_count") or 0), rows,
                   None if res.success else detail)


def _exception_message(info: Any) -> str | None:
    """GX reports exceptions either flat or keyed by metric; return the first message, if any raised."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "expectation raised")
    for value in info.values():
        if isinstance(value, dict) and value.get("raised_exception"):
            return str(value.get("exception_message") or "expectation raised")
    return None
