"""The overview's hand-written SVG charts: well-formed inline SVG with an accessible name, escaped text,
numbers readable from each segment's, dot's and line's title, geometry that agrees with the axes, and
the same bytes for the same data. Expected values are worked out by hand from the inputs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pipelines.publish import charts, svg
from pipelines.publish.charts import _integer_ticks, percentage_strips, rating_bars, rating_changes

NS = {"s": "http://www.w3.org/2000/svg"}


def _parse(text: str) -> ET.Element:
    assert text.startswith("<svg ") and text.endswith("</svg>")  # inline: no XML declaration or DOCTYPE
    root = ET.fromstring(text)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img" and root.get("width") == "100%"
    assert root.get("viewBox", "").startswith("0 0 420 ") and root.get("style") == "max-width:420px"
    return root


def _titled(root: ET.Element, tag: str) -> dict[str, ET.Element]:
    return {e.findtext("s:title", namespaces=NS): e for e in root.iter(f"{{{NS['s']}}}{tag}")
            if e.find("s:title", NS) is not None}


def _texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{{{NS['s']}}}text")]


def test_rating_bars_segments_say_their_counts_and_stack_worst_first():
    text = rating_bars(["A & B", "B"], [{"Good": 2, "Inadequate": 1}, {}], "Reports <by> rating")
    root = _parse(text)
    assert root.findtext("s:title", namespaces=NS) == "Reports <by> rating"  # the accessible name
    assert "Reports &lt;by&gt; rating" in text and "A &amp; B" in text and "A & B" not in text
    assert "A & B" in _texts(root) and "Reports <by> rating" in _texts(root)
    segments = _titled(root, "rect")
    assert set(segments) == {"Inadequate: 1", "Good: 2"}  # B has no reports: no segment, no crash
    bad, good = segments["Inadequate: 1"], segments["Good: 2"]
    assert bad.get("fill") == "#b2182b" and good.get("fill") == "#67a9cf"
    # labels' column 5 x 6.6 = 33 wide, so bars from 8 + 33 + 8 = 49 to 420 - 18 = 402: 353 / 3 a report
    assert [bad.get(a) for a in ("x", "width")] == ["49", "117.67"]
    assert [good.get(a) for a in ("x", "width")] == ["166.67", "235.33"]  # Good right of Inadequate
    texts = _texts(root)
    assert [t for t in texts if t.isdigit()] == ["0", "1", "2", "3"]  # whole numbers up to the longest bar
    assert "number" in texts
    assert all(rating in texts for rating in ("Inadequate", "Requires improvement", "Good", "Outstanding"))


def test_rating_bars_bar_ends_at_its_total_on_the_axis():
    root = _parse(rating_bars(["x"], [{"Outstanding": 4, "Good": 1}], "t"))
    ticks = {e.findtext("."): float(e.get("x")) for e in root.iter(f"{{{NS['s']}}}text")
             if (e.text or "").isdigit()}
    assert list(ticks) == ["0", "1", "2", "3", "4", "5"]
    best = _titled(root, "rect")["Outstanding: 4"]
    assert abs(float(best.get("x")) + float(best.get("width")) - ticks["5"]) < 0.02


def test_same_data_gives_the_same_bytes():
    for draw in (lambda: rating_bars(["A", "B"], [{"Good": 2}, {"Inadequate": 1}], "t"),
                 lambda: percentage_strips(["A"], [[10.0, 55.5]], "t"),
                 lambda: rating_changes(["A", "B"], [1, 4], [2, 3], "t")):
        assert draw() == draw()


def test_empty_inputs_and_zero_counts_draw_an_empty_chart():
    for text in (rating_bars([], [], "none"), rating_bars(["A"], [{"Good": 0}], "none"),
                 percentage_strips([], [], "none"), percentage_strips(["A"], [[]], "none"),
                 rating_changes([], [], [], "none")):
        root = _parse(text)
        assert root.findtext("s:title", namespaces=NS) == "none"
        assert not _titled(root, "rect") and not _titled(root, "circle") and not _titled(root, "g")


def test_percentage_strips_one_dot_per_value_and_band_lines_at_50_65_80():
    root = _parse(percentage_strips(["2.2 Assessment", "3.1 Other"], [[12.5, 50.0, 90.0], [80.0]], "Dots"))
    dots = _titled(root, "circle")
    assert len(list(root.iter(f"{{{NS['s']}}}circle"))) == 4 and set(dots) == {"12.5%", "50%", "90%", "80%"}
    dashed = [e for e in root.iter(f"{{{NS['s']}}}line") if e.get("stroke-dasharray")]
    x50, x65, x80 = (float(e.get("x1")) for e in dashed)
    assert abs((x65 - x50) - (x80 - x65)) < 0.02  # 15 points apart each
    assert abs(float(dots["50%"].get("cx")) - x50) < 0.02 and abs(float(dots["80%"].get("cx")) - x80) < 0.02
    assert float(dots["90%"].get("cy")) == float(dots["12.5%"].get("cy")) < float(dots["80%"].get("cy"))
    texts = _texts(root)
    assert {"50", "65", "80"} <= set(texts) and "2.2 Assessment" in texts
    assert ("% of cases judged 'Yes' (bands: Requires improvement from 50%; Good from 65%; "
            "Outstanding from 80%)") in [" ".join(e.itertext()) for e in root.iter(f"{{{NS['s']}}}text")]


def test_rating_changes_colour_says_the_direction():
    root = _parse(rating_changes(["Up & Co (2025)", "Down (2024)", "Same (2023)"], [1, 3, 2], [2, 2, 2], "t"))
    lines = {name: g.find("s:line", NS) for name, g in _titled(root, "g").items()}
    up = lines["Up & Co (2025): Inadequate to Requires improvement"]
    down = lines["Down (2024): Good to Requires improvement"]
    same = lines["Same (2023): Requires improvement to Requires improvement"]
    assert (up.get("stroke"), down.get("stroke"), same.get("stroke")) == ("#1b7837", "#b2182b", "#555555")
    assert float(up.get("y1")) > float(same.get("y1")) > float(down.get("y1"))  # Inadequate at the bottom
    ends = sorted(float(e.get("y2")) for e in (up, down, same))  # all three end on one rating, stacked
    assert ends[1] - ends[0] >= 12 and ends[2] - ends[1] >= 12
    assert "Up & Co (2025)" in _texts(root)
    assert {"Outstanding", "Good", "Inadequate", "Requires improvement"} <= {
        " ".join(e.itertext()) for e in root.iter(f"{{{NS['s']}}}text")}


def test_integer_ticks_and_numbers():
    assert _integer_ticks(0) == [0, 1] and _integer_ticks(3) == [0, 1, 2, 3]
    assert _integer_ticks(17) == [0, 5, 10, 15, 20] and _integer_ticks(230) == [0, 50, 100, 150, 200, 250]
    assert svg.num(2.0) == "2" and svg.num(117.666) == "117.67" and svg.num(-0.001) == "0"
    assert svg.wrap("Requires improvement", 11, 76) == ["Requires", "improvement"]
    assert charts.RATINGS_UP == ["Inadequate", "Requires improvement", "Good", "Outstanding"]


def test_percentage_strips_draw_one_dot_for_equal_percentages_saying_how_many():
    root = _parse(percentage_strips(["2.2 Assessment"], [[50.0, 61.5, 50.0, 50.0]], "Dots"))
    assert len(list(root.iter(f"{{{NS['s']}}}circle"))) == 2
    assert sorted(_titled(root, "circle")) == ["50% (3 key questions)", "61.5%"]
