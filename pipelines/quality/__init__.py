"""Data quality: the rules of expectations/ run by Great Expectations over the warehouse, the per-report
gate, and the quality report (quality.json, quality.html).

The only package that uses great_expectations, and only inside `gx_runner.validate`, so importing this
package stays cheap. No Dagster here: `pipelines/defs/checks.py` is the wiring.
"""

from pipelines.quality.report_html import render_quality_html
from pipelines.quality.result import HELD_BACK, PUBLISHED, QualityResult, RuleResult
from pipelines.quality.run import run_quality
from pipelines.quality.store import QualityNotFound, load_quality, save_quality
from pipelines.quality.suites import DEFAULT_EXPECTATIONS_DIR, Rule, rule_catalogue

__all__ = [
    "DEFAULT_EXPECTATIONS_DIR", "HELD_BACK", "PUBLISHED", "QualityNotFound", "QualityResult", "Rule",
    "RuleResult", "load_quality", "render_quality_html", "rule_catalogue", "run_quality", "save_quality",
]
