"""One quality run over the warehouse: load the rules and the data, validate with GX, gate, summarise.

Reads, in order: the rule catalogue and accepted exceptions (`expectations/`), the sources the rules
name (tables, check views, column types), then validates them all in one GX context and turns the
outcomes into a `QualityResult`. Nothing is written here; persisting is `store`, rendering `report_html`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pipelines.quality import gate
from pipelines.quality.exceptions import load_exceptions
from pipelines.quality.gx_runner import Outcome, validate
from pipelines.quality.result import QualityResult, plain
from pipelines.quality.sources import read_sources
from pipelines.quality.suite_files import EXPECTATIONS_DIR
from pipelines.quality.suites import Check, rule_catalogue


def run_quality(con: duckdb.DuckDBPyConnection,
                expectations_dir: Path = EXPECTATIONS_DIR) -> QualityResult:
    # load: rules, exceptions, and every source they name
    rules = rule_catalogue(expectations_dir)
    exceptions = load_exceptions(expectations_dir, rules)  # ConfigError when malformed
    checks: dict[str, Check] = {f"{r.rule_id}#{i}": c for r in rules for i, c in enumerate(r.checks)}
    sources = read_sources(con, {c.source for c in checks.values()})

    # validate: one GX context for everything; GX missing or raising fails every rule
    try:
        outcomes = validate(sources.data, checks)
    except Exception as exc:  # ImportError included: a check must fail, never pass, without GX
        outcomes = {cid: Outcome(False, error=f"Great Expectations failed: {exc!r}") for cid in checks}

    # gate: per rule, then per report
    results, used = [], set()
    for rule in rules:
        res, rule_used = gate.evaluate_rule(rule, outcomes, sources, exceptions)
        results.append(res)
        used |= rule_used
    reports = sources.data.get("reports")
    report_ids = [str(r) for r in reports.column("report_id").to_pylist() if r is not None] \
        if reports is not None and "report_id" in reports.column_names else []
    return QualityResult(
        rules=results,
        report_status=gate.report_status(results, report_ids),
        blocking_failures=gate.blocking_failures(results),
        reports=ratings_summary(reports, sources.data.get("standards")),
        extraction_issues=_issue_rows(sources.data.get("extraction_issues")),
        unused_exceptions=[e.as_dict() for n, e in enumerate(exceptions) if n not in used],
    )


def ratings_summary(reports: pa.Table | None, standards: pa.Table | None) -> list[dict[str, Any]]:
    """Per report: body, overall rating, score and each standard's rating (for the report's chart)."""
    if reports is None:
        return []
    wanted = ["report_id", "inspected_body", "body_type", "overall_rating", "score", "score_max"]
    rows = reports.select([c for c in wanted if c in reports.column_names]).to_pylist()
    ratings: dict[str, dict[str, str | None]] = {}
    if standards is not None and {"report_id", "standard_code", "rating"} <= set(standards.column_names):
        for s in standards.select(["report_id", "standard_code", "rating"]).to_pylist():
            ratings.setdefault(s["report_id"], {})[str(s["standard_code"])] = s["rating"]
    out = [{**{k: plain(v) for k, v in row.items()},
            "standards": dict(sorted(ratings.get(row.get("report_id"), {}).items()))} for row in rows]
    return sorted(out, key=lambda r: str(r.get("report_id")))


def _issue_rows(issues: pa.Table | None) -> list[dict[str, Any]]:
    if issues is None:
        return []
    rows = [{k: plain(v) for k, v in row.items()} for row in issues.to_pylist()]
    return sorted(rows, key=lambda r: tuple(str(r.get(k)) for k in ("source_file", "char_start", "code",
                                                                     "message")))
