"""Suite-wide isolation: every test process (the serial run, or each pytest-xdist worker) gets its own
DAGSTER_HOME under its own temporary folder, so no test reads or writes the project's .dagster_home/
(which `make test` exports) or another worker's run storage. Tests that start `hmip` pass their own
home (tests/reliability/helpers.py: dagster_home, env_with); this covers the in-process rest.
Also the order modules run in: the known-long ones first (tests/_scheduling.py), so that xdist's workers
finish together. `--dist loadfile` keeps that order only with `--no-loadscope-reorder` (pyproject.toml's
addopts): by default xdist sorts the files by their number of tests, most first, which put the long files
with few tests (crash safety, isolation) last."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests._scheduling import module_rank

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Known-long modules first, longest first; within a module, and among the rest, collection order.
    Every xdist worker sorts the same way, so the controller hands out files in this order."""
    def rank(item: pytest.Item) -> int:
        return module_rank(Path(item.path).relative_to(ROOT).as_posix())

    items.sort(key=rank)  # stable: keeps collection order within a rank
