from __future__ import annotations

import pytest

from tests.sources.server import ReportServer, report_server


@pytest.fixture
def server() -> ReportServer:
    with report_server() as state:
        yield state
