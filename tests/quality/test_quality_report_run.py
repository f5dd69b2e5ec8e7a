"""quality.html through a real `hmip run` (a real Dagster run): the snapshot's copy and last_run/'s are the
same page, whose header names the run and the version it published, whose banner counts the held-back
report and the rejected file, and whose failure says where in the report file the passage is."""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.reliability.helpers import ROOT, dagster_home, hmip_run


@pytest.fixture(scope="module")
def ran(tmp_path_factory) -> Path:
    """raw/ with Wigan's printed score changed from 7/27 to 8/27 (its standards add up to 7: held back)
    and a text file that is not a report (rejected)."""
    base = tmp_path_factory.mktemp("quality_run")
    raw, warehouse = base / "raw", base / "warehouse"
    shutil.copytree(ROOT / "raw", raw)
    wigan = raw / "wigan-pdu-2023-05.txt"
    text = wigan.read_text(encoding="utf-8")
    assert text.count("Score **7/27**") == 1
    wigan.write_text(text.replace("Score **7/27**", "Score **8/27**"), encoding="utf-8")
    (raw / "notes.txt").write_text("Notes from the team meeting.\n", encoding="utf-8")
    done = hmip_run(raw, warehouse, dagster_home(base))
    assert done.returncode in (0, 3), done.stdout + done.stderr  # 3: published with reports held back
    return warehouse


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def test_snapshot_and_last_run_carry_the_same_page_naming_the_run_and_version(ran: Path):
    run = json.loads((ran / "last_run" / "run.json").read_text())
    version = run["latest_version"]
    assert run["outcome"] == "published" and version
    page = (ran / "last_run" / "quality.html").read_text(encoding="utf-8")
    assert (ran / "snapshots" / version / "quality.html").read_text(encoding="utf-8") == page
    manifest = json.loads((ran / "snapshots" / version / "datapackage.json").read_text())
    listed = {f["path"]: f["sha256"] for f in manifest["other_files"]}
    assert listed["quality.html"] == hashlib.sha256(page.encode()).hexdigest()  # hmip verify checks it
    header = re.search(r'<dl class="run" id="run">(.*?)</dl>', page)
    assert header is not None
    said = _text(header.group(1))
    assert said.startswith(f"Snapshot {version} Run {run['run_id']} Time (UTC) {manifest['created']} ")
    assert f"run fingerprint {run['run_fingerprint']}" in said
    assert said.endswith("Extractor 1.6.0")


def test_banner_counts_the_held_back_report_and_the_rejected_file(ran: Path):
    page = (ran / "last_run" / "quality.html").read_text(encoding="utf-8")
    banner = re.search(r'<div id="verdict" class="verdict verdict-partial"[^>]*>([^<]*)</div>', page)
    assert banner is not None
    assert banner.group(1) == "PARTIAL: 1 of 2 reports held back, 1 input file rejected; the others publish"


def test_failure_names_its_values_and_the_line_of_the_ratings_page(ran: Path):
    page = (ran / "last_run" / "quality.html").read_text(encoding="utf-8")
    failure = re.search(r'<div class="failure" data-rule="reports.score_is_sum_of_points">(.*?)</div>',
                        page, re.S)
    assert failure is not None
    part = failure.group(1)
    assert '<th scope="row">score printed <code class="col">score</code></th><td>8</td>' in part
    assert ('<th scope="row">points of the rated standards <code class="col">points_sum</code></th>'
            "<td>7</td>") in part
    # the ratings page of the text file: Ratings, blank, Wigan PDU, blank, Fieldwork ..., blank, Score
    assert "<strong>Where:</strong> section \u2018Ratings\u2019, line 7" in part
    assert ('<blockquote class="excerpt">Score 8/27 / Overall rating / Requires improvement'
            "</blockquote>") in part
    entry = re.search(r'<pre class="exception">(.*?)</pre>', part, re.S)
    assert entry is not None
    assert json.loads(html.unescape(entry.group(1))) == {
        "report_id": "wigan-pdu-2023-05", "rule": "reports.score_is_sum_of_points", "reason": "",
        "accepted_by": "", "accepted_on": _created(ran)[:10]}  # the day of the run


def _created(warehouse: Path) -> str:
    version = json.loads((warehouse / "last_run" / "run.json").read_text())["latest_version"]
    return json.loads((warehouse / "snapshots" / version / "datapackage.json").read_text())["created"]
