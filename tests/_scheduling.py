"""Which test modules start first: the known-long ones, longest first, so that under pytest-xdist
(`--dist loadfile --no-loadscope-reorder` hands out files in collection order) they overlap the many short
files instead of running alone at the end. Costs are per module (setup + call + teardown, the module's
subprocesses included): CPU seconds / wall seconds, from a 2-worker run of the whole suite on 3 Dec 2026
with the machine shared (load average 3-5). Only the order matters, so the list needs updating only when a
module's cost changes a lot. Modules not listed keep their collection order, after these."""

from __future__ import annotations

LONGEST_FIRST: tuple[str, ...] = (
    "tests/defs/test_batch_job.py",  # 70 s CPU / 159 s wall
    "tests/reliability/test_crash_safety.py",  # 59 / 92
    "tests/reliability/test_isolation.py",  # 60 / 55
    "tests/reliability/test_integrity.py",  # 21 / 46
    "tests/bench/test_bench_smoke.py",  # 21 / 40
    "tests/test_cli_output.py",  # 22 / 47 (one run fewer since)
    "tests/test_cli.py",  # 14 / 40
    "tests/test_cli_outcomes.py",  # 13 / 36
    "tests/reliability/test_failure_causes.py",  # 15 / 32
    "tests/reliability/test_daemon.py",  # 16 / 24
    "tests/quality/test_rules.py",  # 20 / 21
    "tests/sources/test_undated_web_page_run.py",  # 13 / 18
    "tests/reliability/test_working_store.py",  # 12 / 13
    "tests/publish/test_diff_names.py",  # 10 / 22
    "tests/extract/readers/test_budgets.py",  # 9 / 20
    "tests/quality/test_quality_page.py",  # 11 / 18
)
_RANK = {module: rank for rank, module in enumerate(LONGEST_FIRST)}


def module_rank(module_path: str) -> int:
    """Where a module (path relative to the project root, '/'-separated) starts: listed ones first."""
    return _RANK.get(module_path, len(LONGEST_FIRST))
