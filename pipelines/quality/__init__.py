"""Data quality: the rules of expectations/ run by Great Expectations over the warehouse, the per-report
gate, and the quality report (quality.json, quality.html).

Belongs here: the rule catalogue (`suites`, suite files found by `suite_files`), reading the check sources
(`sources`, with the SQL of `rules.sql`), validation (`gx_runner`), the gate (`gate`), accepted exceptions,
the result and its storage, the HTML report. Not here: extraction, publishing, Dagster (the wiring is
`pipelines/defs/checks.py`). The only package that uses great_expectations, and only inside
`gx_runner.validate`, so importing this package stays cheap.
"""

from pipelines.quality.report_html import render_quality_html
from pipelines.quality.result import BLOCKED, HELD_BACK, PUBLISHED, QualityResult, RuleResult
from pipelines.quality.run import run_quality
from pipelines.quality.store import QualityNotFound, load_quality, save_quality
from pipelines.quality.suite_files import EXPECTATIONS_DIR
from pipelines.quality.suites import Rule, rule_catalogue

__all__ = [
    "BLOCKED", "EXPECTATIONS_DIR", "HELD_BACK", "PUBLISHED", "QualityNotFound", "QualityResult", "Rule",
    "RuleResult", "load_quality", "render_quality_html", "rule_catalogue", "run_quality", "save_quality",
]
