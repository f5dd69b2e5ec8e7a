"""Blocking asset checks: the quality rules of `expectations/`, one check per (table, rule).

Runs `pipelines.quality.run_quality` on the warehouse, saves the full result for the snapshot asset
(`save_quality`, keyed by run id; when blocked, also as the last run's quality report, since the snapshot
step will not run) and yields one `AssetCheckResult` per rule. Row-level failures hold
reports back but not the snapshot (severity WARN); table-level failures, GX import errors and any
exception block it (severity ERROR). Rules, gating and validation logic live in `pipelines.quality`.
"""

from collections.abc import Iterator
from typing import Any

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.escape import markdown_row
from pipelines.quality import (
    BLOCKED,
    EXPECTATIONS_DIR,
    RuleResult,
    rule_catalogue,
    run_quality,
    save_quality,
)
from pipelines.quality.suites import (
    COLUMNS_MATCH_SCHEMA,
    KEY_IS_UNIQUE,
    REQUIRED_NOT_NULL,
    VALUES_IN_ALLOWED_SET,
    VALUES_IN_RANGE,
)
from pipelines.runs.finish import record_blocked_run

__all__ = ["COLUMNS_MATCH_SCHEMA", "KEY_IS_UNIQUE", "REQUIRED_NOT_NULL", "VALUES_IN_ALLOWED_SET",
           "VALUES_IN_RANGE", "CHECK_SPECS", "quality_checks"]

MAX_ROWS_SHOWN = 50
RULES = rule_catalogue(EXPECTATIONS_DIR)
CHECK_SPECS = [
    dg.AssetCheckSpec(r.name, asset=dg.AssetKey(r.table), blocking=True,
                      description=f"[{r.severity}, {r.level} level] {r.description}")
    for r in RULES
]


@dg.multi_asset_check(specs=CHECK_SPECS, pool="warehouse",
                      description="Great Expectations suites of expectations/ and the per-report gate.")
def quality_checks(context: dg.AssetCheckExecutionContext,
                   warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    try:
        with warehouse.connect() as con:
            result = run_quality(con, EXPECTATIONS_DIR)
            save_quality(con, context.run.run_id, result)
        if result.verdict == BLOCKED:  # the snapshot step will not run: leave the report it would have
            record_blocked_run(warehouse.root, run_id=context.run.run_id, result=result)
    except Exception as exc:  # nothing was checked: every check fails and blocks the snapshot
        for spec in CHECK_SPECS:
            yield dg.AssetCheckResult(passed=False, asset_key=spec.asset_key, check_name=spec.name,
                                      severity=dg.AssetCheckSeverity.ERROR,
                                      metadata={"error": f"quality run failed: {exc!r}"})
        return
    by_key = {(r.table, r.name): r for r in result.rules}
    for spec in CHECK_SPECS:
        res = by_key.get((spec.asset_key.to_user_string(), spec.name))
        if res is None:
            yield dg.AssetCheckResult(passed=False, asset_key=spec.asset_key, check_name=spec.name,
                                      metadata={"error": "rule missing from this run's catalogue"})
        else:
            yield check_result(res)


def check_result(res: RuleResult) -> dg.AssetCheckResult:
    """One rule's result for the Dagster UI, failing rows (report_id and values) in the metadata."""
    severity = dg.AssetCheckSeverity.ERROR if res.blocking else dg.AssetCheckSeverity.WARN
    rows = res.failing_rows[:MAX_ROWS_SHOWN]
    metadata: dict[str, object] = {
        "status": res.status, "severity": res.severity, "level": res.level,
        "unexpected_count": res.unexpected_count,
        "failing_reports": sorted({str(r["report_id"]) for r in res.failing_rows if not r["accepted"]}),
    }
    if rows:
        metadata["failing_rows"] = dg.MetadataValue.md(_rows_markdown(rows))
        metadata["failing_rows_json"] = dg.MetadataValue.json(rows)
    if res.accepted:
        metadata["accepted_exceptions"] = dg.MetadataValue.json(res.accepted)
    if res.errors or res.details:
        metadata["errors"] = dg.MetadataValue.text("\n".join(res.errors + res.details))
    return dg.AssetCheckResult(passed=res.passed, asset_key=dg.AssetKey(res.table), check_name=res.name,
                               severity=severity, metadata=metadata, description=res.description)


def _rows_markdown(rows: list[dict[str, Any]]) -> str:
    lines = ["| report_id | check | values | accepted |", "|---|---|---|---|"]
    for r in rows:
        values = ", ".join(f"{k}={v}" for k, v in r["values"].items())
        lines.append(markdown_row([r["report_id"], r["check"], values, "yes" if r["accepted"] else ""]))
    return "\n".join(lines)
