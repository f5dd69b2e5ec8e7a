"""Asset checks: the quality rules of `expectations/`, one blocking check per (table, rule), and the
`report_gate` check on `snapshot` that says what the run kept out.

Rule `<table>.<rule>` (as the CLI, quality.json and accepted_exceptions.json write it) is the check named
`<rule>` on the asset `<table>` (a check name may not contain '.'). `quality_checks` runs
`pipelines.quality.run_quality` on the warehouse, saves the full result for the snapshot asset
(`save_quality`, keyed by run id; when blocked, also as the last run's quality report, since the snapshot
step will not run) and yields one `AssetCheckResult` per rule. Row-level failures hold reports back but not
the snapshot (severity WARN); table-level failures, GX import errors, a malformed configuration and any
exception block it (severity ERROR).

`report_gate` runs after the snapshot step and fails (severity ERROR) when reports were held back or input
files rejected, listing them; it is not blocking, since the snapshot it reports on is already published and
nothing is downstream, so a partial run is a red check and `hmip/*` run tags, not a failed run. Rules,
gating and validation logic live in `pipelines.quality`; statuses and tags in `pipelines.runs.status`.
"""

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg

from pipelines.defs.resources import WarehouseResource
from pipelines.escape import markdown_text
from pipelines.quality import (
    BLOCKED,
    EXPECTATIONS_DIR,
    RuleResult,
    rule_catalogue,
    run_quality,
    save_quality,
)
from pipelines.quality.config import ConfigError
from pipelines.quality.suites import (
    COLUMNS_MATCH_SCHEMA,
    KEY_IS_UNIQUE,
    REQUIRED_NOT_NULL,
    VALUES_IN_ALLOWED_SET,
    VALUES_IN_RANGE,
    Rule,
    schema_rules,
)
from pipelines.runs.finish import record_blocked_run, record_config_error
from pipelines.runs.last_run import read_last_quality, read_last_run
from pipelines.runs.status import CONFIG_ERROR, RunStatus, gate_rows, status_of_record
from pipelines.schema import TABLES
from pipelines.warehouse.layout import latest_version

__all__ = ["COLUMNS_MATCH_SCHEMA", "KEY_IS_UNIQUE", "REQUIRED_NOT_NULL", "VALUES_IN_ALLOWED_SET",
           "VALUES_IN_RANGE", "CHECK_SPECS", "REPORT_GATE", "quality_checks", "report_gate"]

MAX_ROWS_SHOWN = 50
REPORT_GATE = "report_gate"
SNAPSHOT_KEY = dg.AssetKey("snapshot")


def rules_for_specs(expectations_dir: Path) -> tuple[list[Rule], list[str]]:
    """The rules to declare checks for, and the suites' problems. A malformed suite must not stop the code
    location loading (the UI and the sensor would be gone, with a traceback): the schema's own rules are
    declared instead, and a run fails every check naming each problem (`quality_checks` meets the same
    `ConfigError`). A missing suite file is still an error here (a broken checkout, `SuiteMissing`)."""
    try:
        return rule_catalogue(expectations_dir), []
    except ConfigError as exc:
        return [rule for table in TABLES for rule in schema_rules(table)], exc.lines


RULES, SUITE_PROBLEMS = rules_for_specs(EXPECTATIONS_DIR)
if SUITE_PROBLEMS:
    logging.getLogger(__name__).error("expectations/ has problems; every run will fail its checks:\n%s",
                                      "\n".join(SUITE_PROBLEMS))
CHECK_SPECS = [
    dg.AssetCheckSpec(r.name, asset=dg.AssetKey(r.table), blocking=True,
                      description=f"[{r.severity}, {r.level} level] {r.description}")
    for r in RULES
]


@dg.multi_asset_check(specs=CHECK_SPECS, pool="warehouse",
                      description="Great Expectations suites of expectations/ and the per-report gate.")
def quality_checks(context: dg.AssetCheckExecutionContext,
                   warehouse: WarehouseResource) -> Iterator[dg.AssetCheckResult]:
    run_id = context.run.run_id
    try:
        with warehouse.connect() as con:
            result = run_quality(con, EXPECTATIONS_DIR)
            save_quality(con, run_id, result)
        if result.verdict == BLOCKED:  # the snapshot step will not run: leave the report it would have
            record_blocked_run(warehouse.root, run_id=run_id, result=result)
            context.instance.add_run_tags(run_id, RunStatus(BLOCKED).tags())
    except ConfigError as exc:  # a run started from the UI or a sensor: `hmip run` refuses it earlier
        record_config_error(warehouse.root, errors=exc.lines, run_id=run_id)
        context.instance.add_run_tags(run_id, RunStatus(CONFIG_ERROR).tags())
        yield from _every_check_failed("configuration error: " + " | ".join(exc.lines), exc.lines)
        return
    except Exception as exc:  # nothing was checked: every check fails and blocks the snapshot
        yield from _every_check_failed(f"quality run failed: {exc!r}")
        return
    for unused in result.unused_exceptions:
        context.log.warning(f"accepted exception matches no failure: {unused}")
    by_key = {(r.table, r.name): r for r in result.rules}
    for spec in CHECK_SPECS:
        res = by_key.get((spec.asset_key.to_user_string(), spec.name))
        if res is None:
            yield dg.AssetCheckResult(passed=False, asset_key=spec.asset_key, check_name=spec.name,
                                      metadata={"error": "rule missing from this run's catalogue"})
        else:
            yield check_result(res)


def _every_check_failed(error: str, problems: list[str] | None = None) -> Iterator[dg.AssetCheckResult]:
    """`problems`: a configuration error's lines, shown one per line in the UI besides `error`."""
    metadata: dict[str, Any] = {"error": error}
    if problems:
        metadata["problems"] = dg.MetadataValue.md("\n".join(f"- {markdown_text(p)}" for p in problems))
    for spec in CHECK_SPECS:
        yield dg.AssetCheckResult(passed=False, asset_key=spec.asset_key, check_name=spec.name,
                                  severity=dg.AssetCheckSeverity.ERROR, metadata=metadata)


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
        metadata["failing_rows"] = _rows_table(rows)
        metadata["failing_rows_json"] = dg.MetadataValue.json(rows)
    if res.accepted:
        metadata["accepted_exceptions"] = dg.MetadataValue.json(res.accepted)
    if res.errors or res.details:
        metadata["errors"] = dg.MetadataValue.text("\n".join(res.errors + res.details))
    return dg.AssetCheckResult(passed=res.passed, asset_key=dg.AssetKey(res.table), check_name=res.name,
                               severity=severity, metadata={"rule": res.rule_id, **metadata},
                               description=res.description)


def _rows_table(rows: list[dict[str, Any]]) -> dg.TableMetadataValue:
    schema = dg.TableSchema(columns=[dg.TableColumn("report_id"), dg.TableColumn("check"),
                                     dg.TableColumn("values"), dg.TableColumn("accepted", "bool")])
    return dg.MetadataValue.table(
        [dg.TableRecord({"report_id": r["report_id"], "check": r["check"],
                         "values": ", ".join(f"{k}={v}" for k, v in r["values"].items()),
                         "accepted": bool(r["accepted"])}) for r in rows], schema=schema)


@dg.asset_check(asset=SNAPSHOT_KEY, name=REPORT_GATE, blocking=False,
                description="Fails when the run held reports back or rejected input files: which, and why.")
def report_gate(context: dg.AssetCheckExecutionContext, warehouse: WarehouseResource) -> dg.AssetCheckResult:
    run_id = context.run.run_id
    record = read_last_run(warehouse.root)
    if not record or record.get("run_id") != run_id:
        return dg.AssetCheckResult(passed=False, metadata={
            "error": "the snapshot step left no record of this run in last_run/"})
    status = status_of_record(record)
    context.instance.add_run_tags(run_id, status.tags())
    quality = read_last_quality(warehouse.root, run_id) or {}
    return report_gate_result(status, gate_rows(quality.get("inputs") or []),
                              record.get("latest_version") or latest_version(warehouse.root),
                              quality.get("unused_exceptions") or [])


def report_gate_result(status: RunStatus, rows: list[dict[str, str]], version: str | None,
                       unused_exceptions: list[dict[str, Any]]) -> dg.AssetCheckResult:
    """Passed only when every report published and no input file was rejected."""
    metadata: dict[str, object] = {
        "outcome": status.label, "exit_code": status.exit_code, "held_back": status.held_back,
        "rejected": status.rejected, "latest": version or "",
    }
    if rows:
        columns = ("file", "report_id", "status", "reason")
        schema = dg.TableSchema(columns=[dg.TableColumn(c) for c in columns])
        metadata["kept_out"] = dg.MetadataValue.table([dg.TableRecord(r) for r in rows], schema=schema)
    if unused_exceptions:
        metadata["unused_exceptions"] = dg.MetadataValue.json(unused_exceptions)
    passed = status.exit_code == 0
    return dg.AssetCheckResult(passed=passed, asset_key=SNAPSHOT_KEY, check_name=REPORT_GATE,
                               severity=dg.AssetCheckSeverity.ERROR, metadata=metadata,
                               description=None if passed else status.describe())
