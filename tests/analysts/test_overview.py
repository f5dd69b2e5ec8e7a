"""index.html, the snapshot's overview page: beside the Parquet files, self-contained, with what the
snapshot holds and four charts as inline SVG, byte-identical when rendered again from the same tables, and
rendered by headless Chromium at 400 px wide without a horizontal scroll or a single network request."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq

from pipelines.publish.overview import render_overview
from pipelines.schema import TABLES
from tests.reliability.helpers import ROOT

CHROMIUM = "/usr/bin/chromium"


def _page(real_warehouse: Path) -> str:
    return (real_warehouse / "latest" / "index.html").read_text(encoding="utf-8")


def test_the_page_says_what_the_snapshot_holds(real_warehouse: Path):
    page = _page(real_warehouse)
    version = json.loads((real_warehouse / "latest" / "datapackage.json").read_text())["version"]
    assert f"Snapshot <strong>{version}</strong>" in page
    # Wigan and Tameside (May 2023) and the copy of Wigan re-published in June 2025
    assert "3 reports published May 2023 to June 2025" in page
    assert "<tr><td>pdu</td><td class=\"n\">3</td></tr>" in page
    assert "<tr><td>Greater Manchester</td><td class=\"n\">3</td></tr>" in page
    assert "Open Government Licence v3.0" in page and "© Crown copyright" in page
    for heading in ("Overall ratings by region", "Each standard's ratings across reports",
                    "Key-question percentages per standard", "Rating changes between inspections"):
        assert f"<h2>{heading}</h2>" in page
    assert page.count("<svg") == 4  # the body inspected twice gives the fourth chart
    assert "Wigan Probation Delivery Unit (2025)" in page  # its line in the changes chart
    assert "2.2 Assessment" in page and "Requires improvement from 50%" in page


def test_the_charts_are_accessible_svg_with_the_snapshots_numbers(real_warehouse: Path):
    svgs = [ET.fromstring(s) for s in re.findall(r"<svg .*?</svg>", _page(real_warehouse), re.DOTALL)]
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert [s.findtext("s:title", namespaces=ns) for s in svgs] == [
        "Reports by overall rating", "Standards by rating",
        "Each dot is a percentage of one or more key questions",
        "Overall rating, previous to latest"]
    assert all(s.get("role") == "img" and s.get("viewBox", "").startswith("0 0 420 ") for s in svgs)

    def titles(chart: ET.Element, tag: str) -> list[str]:  # of the data's elements (not the legend's)
        found = (e.findtext("s:title", namespaces=ns) for e in chart.iter(f"{{{ns['s']}}}{tag}"))
        return [t for t in found if t is not None]

    # the three reports are all 'Requires improvement', in Greater Manchester
    assert titles(svgs[0], "rect") == ["Requires improvement: 3"]
    # 1.1-2.5 each rated once a report (2.6 unrated): 1.1, 1.3, 2.1 RI; 1.2, 1.4 Good; 2.2-2.5 Inadequate
    assert sorted(titles(svgs[1], "rect")) == ["Good: 3"] * 2 + ["Inadequate: 3"] * 4 + [
        "Requires improvement: 3"] * 3
    # 14 key questions with a percentage in each report, a dot for each standard's distinct percentage
    dots = [re.fullmatch(r"[\d.]+%(?: \((\d+) key questions\))?", t) for t in titles(svgs[2], "circle")]
    assert all(dots) and sum(int(d.group(1) or 1) for d in dots) == 42
    (change,) = svgs[3].iter(f"{{{ns['s']}}}g")
    assert change.findtext("s:title", namespaces=ns) == (
        "Wigan Probation Delivery Unit (2025): Requires improvement to Requires improvement")
    assert change.find("s:line", ns).get("stroke") == "#555555"  # the same rating: grey


def test_the_page_is_self_contained_and_its_links_resolve(real_warehouse: Path):
    page = _page(real_warehouse)
    assert not re.search(r"<script|<link|<img|<iframe|@import|url\(|\bsrc\s*=", page, re.IGNORECASE)
    links = re.findall(r'href="([^"]*)"', page)
    external = [h for h in links if "://" in h]
    assert external == ["https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"]
    local = [h for h in links if "://" not in h]
    for name in [f"{t.name}.parquet" for t in TABLES] + ["data-dictionary.md", "CHANGES.md", "quality.html"]:
        assert name in local, name
    for href in local:
        assert (real_warehouse / "latest" / href).is_file(), href


def test_rendering_again_in_another_process_gives_the_same_bytes(real_warehouse: Path):
    latest = real_warehouse / "latest"
    version = json.loads((latest / "datapackage.json").read_text())["version"]
    script = (
        "import sys, pyarrow.parquet as pq; from pathlib import Path;"
        "from pipelines.publish.overview import render_overview; from pipelines.schema import TABLES;"
        f"d = Path({str(latest)!r});"
        "t = {x.name: pq.read_table(d / f'{x.name}.parquet') for x in TABLES};"
        f"sys.stdout.buffer.write(render_overview(t, version={version!r}, previous=None).encode())"
    )
    again = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, timeout=300,
                           check=True).stdout
    assert again == (latest / "index.html").read_bytes()
    tables = {t.name: pq.read_table(latest / f"{t.name}.parquet") for t in TABLES}
    assert render_overview(tables, version=version, previous=None).encode() == again


_PROBE = """<!doctype html><html><body style="margin:0">
<iframe id="f" src="index.html" style="width:400px;height:900px;border:0"></iframe>
<script>document.getElementById("f").addEventListener("load", () => {
  const d = document.getElementById("f").contentDocument;
  const wide = [...d.querySelectorAll("svg")].filter(s => s.getBoundingClientRect().width > 300).length;
  document.body.setAttribute("data-measured", [d.documentElement.clientWidth, d.documentElement.scrollWidth,
                                               wide, d.querySelector("h1").textContent].join("|"));
});</script></body></html>"""


def _chromium(folder: Path, profile: Path) -> tuple[str, set[str]]:
    """Open probe.html (the page in a 400 px wide frame: a headless window is never under 500 px), return
    the measurements it wrote into the DOM and the URLs the page requested (from Chromium's net log)."""
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package"
    netlog = profile.with_suffix(".netlog.json")
    out = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
         "--allow-file-access-from-files", "--proxy-server=127.0.0.1:9", f"--log-net-log={netlog}",
         "--virtual-time-budget=3000", "--dump-dom", (folder / "probe.html").as_uri()],
        capture_output=True, text=True, timeout=180, check=True).stdout
    measured = re.search(r'data-measured="([^"]*)"', out)
    assert measured is not None, out[:1000]
    return measured.group(1), _page_requests(netlog)


def _page_requests(netlog: Path) -> set[str]:
    """URLs of the network requests the page started (initiator file://), not Chromium's own (updates)."""
    log = json.loads(netlog.read_text(encoding="utf-8", errors="replace"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return {e["params"]["url"] for e in log["events"]
            if e["type"] == start and str(e.get("params", {}).get("initiator", "")).startswith("file://")
            and not e["params"]["url"].startswith("file:")}


def test_renders_in_chromium_at_400_px_without_network(real_warehouse: Path, tmp_path: Path):
    page = tmp_path / "page"
    page.mkdir()
    (page / "index.html").write_bytes((real_warehouse / "latest" / "index.html").read_bytes())
    (page / "probe.html").write_text(_PROBE, encoding="utf-8")
    measured, requested = _chromium(page, tmp_path / "profile")
    client, scroll, charts, title = measured.split("|")
    assert int(scroll) <= int(client) <= 400  # nothing wider than the frame: no sideways scrolling
    assert charts == "4"  # every chart laid out across the width, none collapsed
    assert title == "HM Inspectorate of Probation inspection reports"
    assert requested == set()


def test_the_network_check_sees_a_request(tmp_path: Path):
    page = tmp_path / "page"
    page.mkdir()
    (page / "index.html").write_text('<h1>x</h1><img src="http://192.0.2.1/chart.png">', encoding="utf-8")
    (page / "probe.html").write_text(_PROBE, encoding="utf-8")
    _, requested = _chromium(page, tmp_path / "profile")
    assert "http://192.0.2.1/chart.png" in requested


def _history(changes: list[tuple[int, int]]) -> dict:
    import datetime as dt

    import pyarrow as pa

    ids = [f"body-{i:02d}" for i in range(len(changes))]
    return {
        "bodies": pa.table({"body_id": ids, "body_name": [f"Body {i:02d}" for i in range(len(changes))]}),
        "rating_history": pa.table({
            "body_id": ids, "inspection_no": [2] * len(ids),
            "publication_month": [dt.date(2025, 4, 1)] * len(ids),
            "previous_report_id": [f"{b}-2023" for b in ids], "overall_rating_order": [b for _, b in changes],
            "overall_rating_order_change": [b - a for a, b in changes]}),
    }


def _change_titles(page: str) -> list[str]:
    ns = {"s": "http://www.w3.org/2000/svg"}
    chart = ET.fromstring(re.findall(r"<svg .*?</svg>", page, re.DOTALL)[-1])
    return [chart.findtext("s:title", namespaces=ns)] + [
        g.findtext("s:title", namespaces=ns) for g in chart.iter(f"{{{ns['s']}}}g")]


def test_more_than_30_rating_changes_are_grouped_by_change_with_a_count():
    page = render_overview(_history([(1, 2)] * 20 + [(3, 3)] * 11), version="2026-12-03.1", previous=None)
    assert _change_titles(page) == [
        "Overall rating, previous to latest (31 bodies)",
        "20 bodies: Inadequate to Requires improvement", "11 bodies: Good to Good"]


def test_up_to_30_rating_changes_name_each_body():
    titles = _change_titles(render_overview(_history([(1, 2)] * 30), version="2026-12-03.1", previous=None))
    assert titles[0] == "Overall rating, previous to latest" and len(titles) == 31
    assert titles[1] == "Body 00 (2025): Inadequate to Requires improvement"
