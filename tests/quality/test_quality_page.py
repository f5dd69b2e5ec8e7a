"""quality.html as a reviewer reads it: which run and snapshot it belongs to, a banner that is green only
when no report is held back and no input file rejected, and for each failure the values by their human
names, where the passage is, and an accepted-exception entry that works when pasted and filled in."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.quality import EXPECTATIONS_DIR, render_quality_html, run_quality
from pipelines.quality.exceptions import parse_exceptions
from pipelines.quality.passages import load_passages
from pipelines.quality.report_header import RunHeader, run_header
from tests.quality.fixtures import TAMESIDE, WIGAN, build_warehouse, rows_of
from tests.reliability.helpers import ROOT

BAND_RULE = "standards.rating_is_band_of_lowest_key_question"
HEADER = RunHeader(run_id="4959c79e-03ab-4177-81ed-d92c94955d37", time="2026-12-02T14:54:20Z",
                   code_version="hmip-pipelines 0.1.0", run_fingerprint="sha256:18f59cfd",
                   extractor_version="1.6.0", snapshot="2026-12-02.1")
PLANNING_TEXT = "2.3 Planning\n\nPlanning is well-informed."


def _planning_raised_to_good():
    """Wigan's Planning (2.3) rated Good while its lowest key question is 40% (band Inadequate): the band
    rule fails and holds Wigan back; the score (9) adds up. Planning starts page 13 of its PDF."""
    rows = rows_of(WIGAN, TAMESIDE)
    planning = next(r for r in rows["standards"] if r["report_id"] == WIGAN and r["standard_code"] == "2.3")
    planning.update(rating="Good", points=2, page_no=13)
    for r in rows["key_questions"]:
        if r["report_id"] == WIGAN and r["standard_code"] == "2.3" and r["question_no"] == 3:
            r["yes_pct"] = 40.0
    next(r for r in rows["reports"] if r["report_id"] == WIGAN)["score"] = 9
    rows["sections"].append({"report_id": WIGAN, "section_path": "2. Court work > 2.3 Planning",
                             "heading": "2.3 Planning", "level": 2, "text": PLANNING_TEXT,
                             "char_start": planning["char_start"],
                             "char_end": planning["char_start"] + len(PLANNING_TEXT), "page_no": 13})
    return build_warehouse(edit=rows)


def _page(con, header: RunHeader | None = HEADER, inputs: list[dict] | None = None) -> tuple[dict, str]:
    quality = run_quality(con).to_dict()
    if inputs is not None:
        quality["inputs"] = inputs
    passages = load_passages(con, {WIGAN, TAMESIDE})
    return quality, render_quality_html(quality, header=header, passages=passages)


def _banner(page: str) -> re.Match[str]:
    found = re.search(r'<div id="verdict" class="verdict verdict-(\w+)"[^>]*data-state="(\w+)" '
                      r'data-held-back="(\d+)" data-rejected="(\d+)">([^<]*)</div>', page)
    assert found is not None, page[:3000]
    return found


def _input(name: str, status: str, report_id: str | None = None, reason: str = "") -> dict:
    return {"name": name, "sha256": "ab" * 32, "report_id": report_id, "status": status, "reason": reason}


def test_header_names_snapshot_run_time_code_and_extractor():
    _, page = _page(build_warehouse())
    run = re.search(r'<dl class="run" id="run">(.*?)</dl>', page)
    assert run is not None
    text = html.unescape(re.sub(r"<[^>]+>", " ", run.group(1)))
    assert " ".join(text.split()) == (
        "Snapshot 2026-12-02.1 Run 4959c79e-03ab-4177-81ed-d92c94955d37 Time (UTC) 2026-12-02T14:54:20Z "
        "Code hmip-pipelines 0.1.0, run fingerprint sha256:18f59cfd Extractor 1.6.0")
    assert "<title>Quality report: PASSED (2026-12-02.1)</title>" in page


def test_header_says_not_published_and_why():
    header = RunHeader("run-2", "2026-12-03T06:00:00Z", "hmip-pipelines 0.1.0", None, "1.6.0",
                       not_published="tables identical to latest (2026-12-02.1); nothing published",
                       latest="2026-12-02.1")
    _, page = _page(build_warehouse(), header=header)
    assert ('<dt>Snapshot</dt><dd><strong data-snapshot="">not published</strong>: tables identical to '
            "latest (2026-12-02.1); nothing published; latest is still 2026-12-02.1</dd>") in page
    assert "<title>Quality report: PASSED (not published)</title>" in page


def test_run_header_takes_this_codes_versions():
    header = run_header("r", time="2026-12-02T00:00:00Z", run_fingerprint="sha256:00")
    version = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.MULTILINE)
    assert version is not None and header.code_version == f"hmip-pipelines {version.group(1)}"
    extractor = re.search(r'^EXTRACTOR_VERSION = "([^"]+)"',
                          (ROOT / "pipelines" / "extract" / "__init__.py").read_text(), re.MULTILINE)
    assert extractor is not None and header.extractor_version == extractor.group(1)


def test_banner_is_green_only_with_nothing_held_back_and_no_file_rejected():
    clean = [_input("wigan.txt", "published", WIGAN), _input("tameside.txt", "published", TAMESIDE)]
    _, page = _page(build_warehouse(), inputs=clean)
    assert _banner(page).groups() == ("passed", "passed", "0", "0",
                                      "PASSED: all 2 reports publish, no input file rejected")

    rejected = clean + [_input("notes.txt", "error", reason="no inspection report found"),
                        _input("broken.docx", "error", reason="not a readable zip archive")]
    quality, page = _page(build_warehouse(), inputs=rejected)
    assert quality["verdict"] == "passed"  # every report read publishes, yet two files gave nothing
    assert _banner(page).groups() == (
        "partial", "partial", "0", "2", "PARTIAL: 0 of 2 reports held back, 2 input files rejected; the "
        "others publish")


def test_banner_counts_held_back_reports_and_files_that_yielded_no_report():
    quality = run_quality(_planning_raised_to_good()).to_dict()
    issues = [{"report_id": None, "source_file": "notes.txt", "severity": "error", "code": "not_a_report",
               "message": "no inspection report found", "char_start": None}]
    page = render_quality_html(quality, issues, header=HEADER)
    assert _banner(page).groups() == (
        "partial", "partial", "1", "1", "PARTIAL: 1 of 2 reports held back, 1 input file rejected; the "
        "others publish")


def test_banner_is_red_when_every_report_is_held_back():
    rows = rows_of(WIGAN)
    rows["reports"][0]["score"] = 8  # its standards add up to 7
    _, page = _page(build_warehouse(WIGAN, edit=rows))
    assert _banner(page).group(2) == "blocked"
    assert _banner(page).group(5) == "NOTHING PASSED: all 1 reports held back, 0 input files rejected"


def test_failure_shows_values_by_human_names_and_where_the_passage_is():
    _, page = _page(_planning_raised_to_good())
    failure = re.search(rf'<div class="failure" data-rule="{re.escape(BAND_RULE)}">(.*?)</div>', page, re.S)
    assert failure is not None
    part = failure.group(1)
    assert '<th scope="row">band of the lowest key question <code class="col">band_rating</code></th>' \
        "<td>Inadequate</td>" in part
    assert ('<th scope="row">lowest % &#x27;Yes&#x27; of its key questions '
            '<code class="col">lowest_pct</code></th><td>40</td>') in part
    assert '<th scope="row">rating <code class="col">rating</code></th><td>Good</td>' in part
    assert ("<strong>Where:</strong> page 13, section \u20182. Court work &gt; 2.3 Planning\u2019, line 1"
            in part)
    assert '<blockquote class="excerpt">2.3 Planning / Planning is well-informed.</blockquote>' in part
    assert "holds the report back" in part
    assert "char_start" not in part  # a place a person can find, not an offset


def _entry(page: str) -> dict:
    found = re.findall(r'<pre class="exception">(.*?)</pre>', page, re.S)
    assert len(found) == 1, found
    return json.loads(html.unescape(found[0]))


def test_exception_entry_is_copy_ready_and_accepts_exactly_that_failure(tmp_path: Path):
    _, page = _page(_planning_raised_to_good())
    entry = _entry(page)
    assert entry == {"report_id": WIGAN, "rule": BAND_RULE, "where": {"standard_code": "2.3"},
                     "reason": "", "accepted_by": "", "accepted_on": "2026-12-02"}
    with pytest.raises(ValueError, match='reason: "" is not a non-empty string'):  # pasted unfilled: refused
        parse_exceptions({"exceptions": [entry]})

    folder = tmp_path / "expectations"
    shutil.copytree(EXPECTATIONS_DIR, folder)
    filled = {**entry, "reason": "Inspectors raised Planning; page 13 explains why",
              "accepted_by": "A Reviewer"}
    (folder / "accepted_exceptions.json").write_text(json.dumps({"exceptions": [filled]}), encoding="utf-8")
    result = run_quality(_planning_raised_to_good(), folder)
    assert result.report_status[WIGAN][0] == "published"
    assert next(r for r in result.rules if r.rule_id == BAND_RULE).status == "accepted"
    assert result.unused_exceptions == []
    accepted_page = render_quality_html(result.to_dict(), header=HEADER)
    assert "accepted (counts as passed)" in accepted_page
    assert '<pre class="exception">' not in accepted_page  # nothing left to accept


def test_same_inputs_give_the_same_bytes_in_another_process(tmp_path: Path):
    quality, page = _page(_planning_raised_to_good())
    assert render_quality_html(quality, header=HEADER,
                               passages=load_passages(_planning_raised_to_good(), {WIGAN})) == page
    (tmp_path / "quality.json").write_text(json.dumps(quality), encoding="utf-8")
    script = (
        "import json, sys; from pathlib import Path;"
        "from pipelines.quality import render_quality_html;"
        "from pipelines.quality.passages import load_passages;"
        "from tests.quality.test_quality_page import HEADER, _planning_raised_to_good;"
        f"q = json.loads(Path({str(tmp_path / 'quality.json')!r}).read_text());"
        "p = load_passages(_planning_raised_to_good(), {'wigan-pdu-2023-05', 'tameside-pdu-2023-05'});"
        "sys.stdout.buffer.write(render_quality_html(q, header=HEADER, passages=p).encode())"
    )
    again = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=300,
                           check=True, env={"PYTHONHASHSEED": "7", "PATH": ""}).stdout
    assert again.decode() == page
