"""The thin Great Expectations 1.x integration: validate the warehouse's sources against expectations.

This is the only module that imports great_expectations, and only when `validate` first runs (the import
costs seconds). One ephemeral context per process, reused for every source and run: one pandas data
source, dataframe asset and whole-dataframe batch definition, given bounded frames in turn (`feeds`
decides what each expectation is fed: no rows, the duplicates of a key, or batches of rows), validated
with COMPLETE results so every failing row is known by its position in the source; an expectation's
outcomes over its batches are merged. Deciding what the results mean belongs in `gate`; reading the
warehouse belongs in `sources` and `feeds`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pipelines.quality.feeds import ROW_KIND, SET_KIND, SHAPE_KIND, Source, feed_kind
from pipelines.quality.suites import Check


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
            kind = feed_kind(check.type, check.kwargs)
            # row-by-row checks share their batches; set-based and whole ones each have their own feed
            columns = () if kind in (ROW_KIND, SHAPE_KIND) else tuple(check.columns)
            feeds[(kind, columns)].append((check_id, expectation))
        for (kind, columns), group in feeds.items():
            try:
                frames = _frames(sources[source], kind, columns, [checks[i] for i, _ in group])
                for frame in frames:
                    suite = gx.ExpectationSuite(name=f"{source}:{kind}", expectations=[e for _, e in group])
                    results = batches.get_batch(batch_parameters={"dataframe": frame}).validate(
                        suite, result_format={"result_format": "COMPLETE"}).results
                    for res in results:
                        check_id = res.expectation_config.meta["check_id"]
                        outcomes[check_id] = _merged(outcomes.get(check_id), _outcome(res))
            except Exception as exc:
                for check_id, _ in group:
                    outcomes[check_id] = Outcome(False, error=f"validating {source} raised {exc!r}")
    return outcomes


def _frames(source: Source, kind: str, columns: tuple[str, ...], checks: list[Check]) -> Iterator[Any]:
    if kind == SHAPE_KIND:
        yield source.shape_frame()
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
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")  # never phone home
    import great_expectations as gx
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
