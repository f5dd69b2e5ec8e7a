"""quality.html in headless Chromium at 400 px (a phone) and 1,400 px (a wide screen): nothing wider than
the window (no sideways scroll, no cut-off reason), the header, banner and failure laid out inside it, and
a screenshot of each width whose banner really is painted in the banner's colour."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from pipelines.quality import render_quality_html, run_quality
from pipelines.quality.passages import load_passages
from pipelines.quality.report_header import RunHeader
from tests.quality.fixtures import TAMESIDE, WIGAN
from tests.quality.test_quality_page import _planning_raised_to_good

CHROMIUM = "/usr/bin/chromium"
SHOT_HEIGHT = 2400
AMBER = (0xA8, 0x63, 0x00)  # .verdict-partial
LONG_NAME = "a-report-saved-with-a-very-long-file-name-that-has-no-spaces-at-all-2023-05-final-v2.txt"
HEADER = RunHeader(run_id="4959c79e-03ab-4177-81ed-d92c94955d37", time="2026-12-02T14:54:20Z",
                   code_version="hmip-pipelines 0.1.0",
                   run_fingerprint="sha256:18f59cfdd8848bf8582b249e8b9d17ab57d9c71ddcfc60fa5dccde028c2f95d3",
                   extractor_version="1.6.0", snapshot="2026-12-02.1")

_PROBE = """<!doctype html><html><body style="margin:0">
<iframe id="f" src="quality.html" style="width:{width}px;height:{height}px;border:0"></iframe>
<script>document.getElementById("f").addEventListener("load", () => {{
  const d = document.getElementById("f").contentDocument, w = d.documentElement.clientWidth;
  const out = [...d.body.querySelectorAll("*")].filter(e => {{
    const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > w + 0.5 || r.left < -0.5); }});
  const box = s => {{ const r = d.querySelector(s).getBoundingClientRect(); return [r.left, r.right]; }};
  document.body.setAttribute("data-measured", JSON.stringify({{
    client: w, scroll: d.documentElement.scrollWidth, outside: out.map(e => e.tagName + "." + e.className),
    banner: box("#verdict"), failure: box(".failure"), run: box("#run"),
    cards: getComputedStyle(d.querySelector("table.inputs td")).display,
    font: parseFloat(getComputedStyle(d.body).fontSize)}}));
}});</script></body></html>"""


def _page(folder: Path) -> None:
    """A held-back report (with its failure and passage), two rejected files, one with a long name."""
    con = _planning_raised_to_good()
    quality = run_quality(con).to_dict()
    quality["inputs"] = [
        {"name": LONG_NAME, "sha256": "cd" * 32, "report_id": None, "status": "error",
         "reason": "no inspection report found: no cover title, inspected body, publication month, score "
                   "or ratings"},
        {"name": "broken.docx", "sha256": "ef" * 32, "report_id": None, "status": "error",
         "reason": "broken.docx: not a readable zip archive (File is not a zip file)"},
        {"name": "tameside-pdu-2023-05.txt", "sha256": "01" * 32, "report_id": TAMESIDE,
         "status": "published", "reason": ""},
        {"name": "wigan-pdu-2023-05.txt", "sha256": "02" * 32, "report_id": WIGAN, "status": "held_back",
         "reason": "; ".join(quality["report_status"][WIGAN]["reasons"])},
    ]
    page = render_quality_html(quality, header=HEADER, passages=load_passages(con, {WIGAN, TAMESIDE}))
    (folder / "quality.html").write_text(page, encoding="utf-8")


def _chromium(folder: Path, width: int, *mode: str) -> str:
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: `make test` installs Debian's chromium package"
    return subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
         f"--user-data-dir={folder / f'profile-{width}'}", "--allow-file-access-from-files",
         "--proxy-server=127.0.0.1:9", "--virtual-time-budget=3000", f"--window-size={width},{SHOT_HEIGHT}",
         *mode, (folder / f"probe-{width}.html").as_uri()],
        capture_output=True, text=True, timeout=180, check=True).stdout


@pytest.mark.parametrize("width", [400, 1400])
def test_fits_the_width_with_nothing_cut_off(tmp_path: Path, width: int):
    import json

    _page(tmp_path)
    # a headless window is never narrower than 500 px, so the page is measured in a frame of `width`
    (tmp_path / f"probe-{width}.html").write_text(_PROBE.format(width=width, height=SHOT_HEIGHT),
                                                  encoding="utf-8")
    dom = _chromium(tmp_path, width, "--dump-dom")
    found = re.search(r'data-measured="([^"]*)"', dom)
    assert found is not None, dom[:1000]
    m = json.loads(found.group(1).replace("&quot;", '"'))
    assert m["client"] == width  # the frame's width, no vertical scrollbar taken off
    assert m["scroll"] <= m["client"]  # no horizontal scroll
    assert m["outside"] == []  # no element sticks out on either side (a long file name, a fingerprint)
    for part in ("banner", "failure", "run"):
        left, right = m[part]
        assert 0 <= left < right <= width, (part, m[part])
    assert m["font"] >= 16  # not shrunk to fit
    # narrow: each table row is a card of labelled cells; wide: a table
    assert m["cards"] == ("block" if width == 400 else "table-cell")

    shot = tmp_path / f"quality-{width}.png"
    _chromium(tmp_path, width, f"--screenshot={shot}")
    image = Image.open(shot).convert("RGB")
    assert image.size == (width, SHOT_HEIGHT)
    banner_left, banner_right = m["banner"]
    amber = sum(1 for x in range(int(banner_left) + 2, int(banner_right) - 2, 4)
                for y in range(0, 600, 4) if image.getpixel((x, y)) == AMBER)
    assert amber > 100, "the banner is not painted amber in the screenshot"
