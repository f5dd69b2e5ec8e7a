"""A real snapshot for the analysts' tests: `hmip run` (a real Dagster run) on the sample reports in raw/
plus a copy of Wigan's report re-published as 'Wigan Probation Delivery Unit' in June 2025, so one body
has two inspections under two spellings of its name. One run per test run (tests/_fixtures/once.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests._fixtures.once import built_once
from tests.reliability.helpers import ROOT, dagster_home, hmip_run

WIGAN_2025 = "wigan-probation-delivery-unit-2025-06"


def wigan_2025_text() -> str:
    lines = (ROOT / "raw" / "wigan-pdu-2023-05.txt").read_text(encoding="utf-8").split("\n")
    assert lines[9] == "Wigan PDU" and lines[13] == "HM Inspectorate of Probation, May 2023"
    lines[9], lines[13] = "Wigan Probation Delivery Unit", "HM Inspectorate of Probation, June 2025"
    return "\n".join(lines)


def _publish(base: Path) -> None:
    raw, warehouse = base / "raw", base / "warehouse"
    shutil.copytree(ROOT / "raw", raw)
    (raw / f"{WIGAN_2025}.txt").write_text(wigan_2025_text(), encoding="utf-8")
    done = hmip_run(raw, warehouse, dagster_home(base))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (warehouse / "latest" / "reports.parquet").is_file(), done.stdout


@pytest.fixture(scope="session")
def real_warehouse(tmp_path_factory) -> Path:
    """Built once per test run, shared by every xdist worker; the tests only read it (copying what they
    break)."""
    return built_once(tmp_path_factory, "analysts-warehouse", _publish) / "warehouse"
