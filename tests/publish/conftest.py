from pathlib import Path

import pytest

from .builders import make_warehouse


@pytest.fixture
def warehouse(tmp_path: Path):
    """A warehouse folder with the sample rows loaded, and its connection."""
    folder = tmp_path / "warehouse"
    con = make_warehouse(folder)
    yield folder, con
    con.close()
