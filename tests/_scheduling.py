"""Which test modules start first: the known-long ones, longest first, so that under pytest-xdist
(`--dist loadfile --no-loadscope-reorder` hands out files in collection order) they overlap the many short
files instead of running alone at the end. Costs are per module (setup + call + teardown): wall seconds
from a 2-worker run of the whole suite on 7 Dec 2026 (after `hmip` processes were forked from a warm
interpreter, tests/_fixtures/warm_hmip.py). Only the order matters, so the list needs updating only when a
module's cost changes a lot. Modules not listed keep their collection order, after these."""

from __future__ import annotations

LONGEST_FIRST: tuple[str, ...] = (
    "tests/reliability/test_crash_safety.py",  # 68 s wall
    "tests/defs/test_batch_job.py",  # 57
    "tests/reliability/test_isolation.py",  # 34
    "tests/quality/test_rules.py",  # 28
    "tests/bench/test_bench_smoke.py",  # 24
    "tests/reliability/test_daemon.py",  # 23, mostly waiting for the sensor
    "tests/test_cli_output.py",  # 18
    "tests/test_cli_outcomes.py",  # 16
    "tests/quality/test_quality_page.py",  # 15
    "tests/reliability/test_failure_causes.py",  # 14
    "tests/extract/readers/test_budgets.py",  # 12
    "tests/test_cli.py",  # 12
    "tests/reliability/test_integrity.py",  # 11
    "tests/sources/test_fetch_then_run.py",  # 10
)
_RANK = {module: rank for rank, module in enumerate(LONGEST_FIRST)}


def module_rank(module_path: str) -> int:
    """Where a module (path relative to the project root, '/'-separated) starts: listed ones first."""
    return _RANK.get(module_path, len(LONGEST_FIRST))
