"""Issue 4's acceptance: `hmip run` on a raw/ holding both sample reports in all four formats publishes
exactly two reports and reports the other six files as duplicates."""

import json
import shutil

import pytest

from tests._fixtures import warm_hmip
from tests.reliability.helpers import dagster_home, env_with, hmip_run_args


@pytest.mark.slow
def test_four_formats_of_two_reports_publish_two_and_report_six_duplicates(formats_dir, tmp_path):
    raw, warehouse, home = tmp_path / "raw", tmp_path / "warehouse", dagster_home(tmp_path)
    shutil.copytree(formats_dir, raw)
    run = warm_hmip.run(hmip_run_args(raw, warehouse), env=env_with(home), timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    manifest = json.loads((warehouse / "latest" / "datapackage.json").read_text())
    inputs = manifest["inputs"]
    statuses = {item["name"]: item["status"] for item in inputs}
    assert len(statuses) == 8
    assert sorted(s for s in statuses.values()) == ["duplicate"] * 6 + ["published"] * 2
    published = {item["report_id"] for item in inputs if item["status"] == "published"}
    assert published == {"tameside-pdu-2023-05", "wigan-pdu-2023-05"}
