"""Which test modules start first: the known-long ones, longest first, so that under pytest-xdist
(`--dist loadfile` hands out files in collection order) they overlap the many short files instead of
running alone at the end. Costs are seconds per module from a `--durations` run of the whole suite on two
busy cores (setup + call); only the order matters, so the list needs updating only when a module's cost
changes a lot. Modules not listed keep their collection order, after these."""

from __future__ import annotations

LONGEST_FIRST: tuple[str, ...] = (
    "tests/reliability/test_crash_safety.py",  # ~310 s
    "tests/reliability/test_isolation.py",  # ~235 s
    "tests/defs/test_batch_job.py",  # ~220 s
    "tests/reliability/test_integrity.py",  # ~100 s
    "tests/quality/test_rules.py",  # ~100 s
    "tests/test_cli_output.py",  # ~90 s
    "tests/reliability/test_working_store.py",  # ~87 s
    "tests/sources/test_undated_web_page_run.py",  # ~86 s
    "tests/test_cli.py",  # ~69 s
    "tests/test_cli_outcomes.py",  # ~67 s
    "tests/bench/test_bench_smoke.py",  # ~66 s
    "tests/reliability/test_failure_causes.py",  # ~63 s
    "tests/reliability/test_daemon.py",  # ~62 s
)
_RANK = {module: rank for rank, module in enumerate(LONGEST_FIRST)}


def module_rank(module_path: str) -> int:
    """Where a module (path relative to the project root, '/'-separated) starts: listed ones first."""
    return _RANK.get(module_path, len(LONGEST_FIRST))
