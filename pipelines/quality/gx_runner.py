"""The thin Great Expectations 1.x integration: validate in-memory frames against expectations.

This is the only module that imports great_expectations, and only inside `validate` (the import costs
seconds). One ephemeral context is made per call and reused for every source: one pandas data source,
dataframe asset and whole-dataframe batch definition, given each source's frame in turn with one suite per
source, validated with COMPLETE results so every failing row is known by position. Deciding what the
results mean belongs in `gate`; reading the warehouse belongs in `rules`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from pipelines.quality.suites import Check


@dataclass
class Outcome:
    """The result of one expectation: success, failing row positions in its source, or an error."""

    success: bool
    unexpected_count: int = 0
    unexpected_rows: list[int] = field(default_factory=list)
    detail: str | None = None  # what a table-level expectation observed, e.g. missing columns
    error: str | None = None


def validate(sources: dict[str, pa.Table], checks: dict[str, Check]) -> dict[str, Outcome]:
    """Run every check (keyed by an id) on its source; a check whose source is absent is not run."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")  # never phone home
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batches = (context.data_sources.add_pandas("warehouse").add_dataframe_asset("source")
               .add_batch_definition_whole_dataframe("all"))

    by_source: dict[str, list[str]] = defaultdict(list)
    for check_id, check in checks.items():
        if check.source in sources:
            by_source[check.source].append(check_id)

    outcomes: dict[str, Outcome] = {}
    for n, (source, ids) in enumerate(sorted(by_source.items())):
        expectations = []
        for check_id in ids:
            check = checks[check_id]
            try:
                config = ExpectationConfiguration(type=check.type, kwargs=check.kwargs,
                                                  meta={"check_id": check_id})
                expectations.append(config.to_domain_obj())
            except Exception as exc:  # an unknown expectation type or bad kwargs in a suite file
                outcomes[check_id] = Outcome(False, error=f"invalid expectation {check.type}: {exc}")
        if not expectations:
            continue
        try:
            batch = batches.get_batch(batch_parameters={"dataframe": sources[source].to_pandas()})
            suite = gx.ExpectationSuite(name=f"suite_{n}", expectations=expectations)
            results = batch.validate(suite, result_format={"result_format": "COMPLETE"}).results
        except Exception as exc:
            for check_id in ids:
                outcomes.setdefault(check_id, Outcome(False, error=f"validating {source} raised {exc!r}"))
            continue
        for res in results:
            outcomes[res.expectation_config.meta["check_id"]] = _outcome(res)
    return outcomes


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
