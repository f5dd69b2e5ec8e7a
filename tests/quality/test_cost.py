"""Great Expectations is imported only when validating, and one quality run over two reports stays fast
(one ephemeral context for every table)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pipelines.quality import run_quality
from tests.quality.fixtures import build_warehouse

ROOT = Path(__file__).resolve().parents[2]


def test_importing_the_quality_package_does_not_import_great_expectations():
    code = "import sys, pipelines.quality, pipelines.defs.checks; print('great_expectations' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_run_on_two_reports_takes_seconds_not_tens_of_seconds():
    import great_expectations  # noqa: F401  (paid once; the budget is for the run itself)

    con = build_warehouse()
    started = time.perf_counter()
    run_quality(con)
    elapsed = time.perf_counter() - started
    # ~1.6 s on a busy two-core machine; the margin absorbs CI noise but not a context per table.
    assert elapsed < 6, f"quality run took {elapsed:.1f} s"
