"""Suite-wide isolation: every test process (the serial run, or each pytest-xdist worker) gets its own
DAGSTER_HOME under its own temporary folder, so no test reads or writes the project's .dagster_home/
(which `make test` exports) or another worker's run storage. Tests that start `hmip` pass their own
home (tests/reliability/helpers.py: dagster_home, env_with); this covers the in-process rest."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session", autouse=True)
def _worker_dagster_home(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("worker_dagster_home")
    (home / "dagster.yaml").write_text((ROOT / "dagster-instance.yaml").read_text())
    before = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    yield home
    if before is None:
        os.environ.pop("DAGSTER_HOME", None)
    else:
        os.environ["DAGSTER_HOME"] = before
