"""quality.html: self-contained, escapes report text, and renders its verdict in a real browser."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from pipelines.quality import render_quality_html, run_quality
from tests.quality.fixtures import TAMESIDE, WIGAN, build_warehouse, rows_of

SCRIPT = "<script>alert(1)</script>"
CHROMIUM = "/usr/bin/chromium"


def _partial_quality_with_script_in_text() -> dict:
    rows = rows_of(WIGAN, TAMESIDE)
    wigan = next(r for r in rows["reports"] if r["report_id"] == WIGAN)
    wigan["inspected_body"] = f"Wigan {SCRIPT} PDU"
    wigan["score"] = 8  # does not add up: Wigan is held back
    rows["extraction_issues"].append({"report_id": WIGAN, "source_file": "wigan.txt", "severity": "warning",
                                      "code": "odd_heading", "message": f"heading {SCRIPT} not understood",
                                      "char_start": 7})
    return run_quality(build_warehouse(edit=rows)).to_dict()


def test_report_text_is_escaped_and_nothing_is_fetched():
    page = render_quality_html(_partial_quality_with_script_in_text())
    assert SCRIPT not in page
    assert "<script" not in page.lower()
    assert "Wigan &lt;script&gt;alert(1)&lt;/script&gt; PDU" in page
    assert "heading &lt;script&gt;alert(1)&lt;/script&gt; not understood" in page
    assert not re.search(r"""\b(src|href)\s*=|@import|url\(""", page, re.IGNORECASE)
    assert "<link" not in page


def test_report_shows_held_back_report_with_rule_and_values():
    page = render_quality_html(_partial_quality_with_script_in_text())
    assert 'data-verdict="partial"' in page
    assert "PARTIAL: 1 of 2 reports held back" in page
    assert "reports.score_is_sum_of_points" in page
    # the report's reason names the values as a person would, not by their column names
    assert ("<li>reports.score_is_sum_of_points: score printed 8, maximum score printed 27, points of the "
            "rated standards 7, rated standards 9, maximum the standards allow 27</li>") in page
    assert "score=8" not in page and "points_sum=7" not in page
    assert "<svg" in page  # the ratings chart


def test_extraction_issues_argument_replaces_the_stored_ones():
    quality = run_quality(build_warehouse()).to_dict()
    page = render_quality_html(quality, [{"severity": "warning", "source_file": "x.txt", "report_id": None,
                                          "code": "no_report_found", "message": "nothing here"}])
    assert "no_report_found" in page and "isbn_missing_hyphens" not in page


def test_verdict_renders_in_headless_chromium(tmp_path: Path):
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium package (.ci/run does) to run the browser test")
    page = tmp_path / "quality.html"
    page.write_text(render_quality_html(_partial_quality_with_script_in_text()), encoding="utf-8")
    profile = tmp_path / "profile"
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--proxy-server=127.0.0.1:9", "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    verdict = re.search(r'<div id="verdict"[^>]*data-verdict="(\w+)"[^>]*>([^<]*)</div>', out)
    assert verdict is not None, out[:2000]
    assert verdict.group(1) == "partial"
    assert verdict.group(2).startswith("PARTIAL: 1 of 2 reports held back")
    assert "<h1>Quality report</h1>" in out
    assert SCRIPT not in out  # the browser parsed it as text, not as a script element
