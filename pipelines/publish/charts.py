"""The overview page's charts as inline SVG, laid out by hand, byte-identical for the same data.

Each chart is a pure function of its labels and numbers that returns one `<svg>` element: a viewBox
`WIDTH` units wide that the page scales to its width, text kept as text (searchable, escaped), the title
as its accessible name, and a `<title>` on each bar segment, dot and line that says its number.
Choosing what to chart and the page around it belong in `pipelines.publish.overview`; writing elements,
numbers and wrapped text is `pipelines.publish.svg`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import count

from pipelines.publish import svg
from pipelines.publish.svg import el, text_block
from pipelines.vocabulary import RATING_ORDER

# Worst to best, as the charts read left to right; colours distinguishable in grey scale too.
RATINGS_UP = sorted(RATING_ORDER, key=RATING_ORDER.__getitem__)
COLOURS = {"Inadequate": "#b2182b", "Requires improvement": "#ef8a62", "Good": "#67a9cf",
           "Outstanding": "#2166ac"}
BANDS = ((50, "Requires improvement from 50%"), (65, "Good from 65%"), (80, "Outstanding from 80%"))
CHANGE_COLOURS = {"up": "#1b7837", "down": "#b2182b", "same": "#555555"}
WIDTH = 420  # viewBox units: about a phone's width, so the text reads at its size there
PAD, TOP, LABEL_ROOM = 8, 28, 150  # margin; where the plot starts below the title; widest label column
SIZE, SMALL = 11, 10  # font sizes: labels; ticks, legend and notes
ROW, BAR = 24, 14  # a row's least height and a bar's height
GRID, AXIS, INK = "#e6e6e6", "#888888", "#333333"


def _heading(text: str) -> str:
    return el("text", svg.esc(text), x=PAD, y=17, font_size=13, font_weight=600)


def _rows(labels: Sequence[str], top: float) -> tuple[float, list[list[str]], list[float], float]:
    """The label column's width, each label's lines, each row's middle and the rows' bottom."""
    column = min(LABEL_ROOM, max((svg.width(label, SIZE) for label in labels), default=0.0))
    lines = [svg.wrap(label, SIZE, column) for label in labels]
    middles, y = [], top
    for label_lines in lines:
        height = max(ROW, SIZE * svg.LEADING * len(label_lines) + 8)
        middles.append(y + height / 2)
        y += height
    return column, lines, middles, y


def _x_axis(x0: float, scale: float, ticks: Sequence[float], top: float, bottom: float) -> list[str]:
    """Grid lines from `top` to the axis at `bottom`, the axis, its ticks and their numbers."""
    parts = [el("line", x1=x0 + t * scale, y1=top, x2=x0 + t * scale, y2=bottom, stroke=GRID) for t in ticks]
    parts.append(el("line", x1=x0, y1=bottom, x2=x0 + ticks[-1] * scale, y2=bottom, stroke=AXIS))
    for t in ticks:
        x = x0 + t * scale
        parts.append(el("line", x1=x, y1=bottom, x2=x, y2=bottom + 4, stroke=AXIS))
        parts.append(el("text", svg.num(t), x=x, y=bottom + 15, font_size=SMALL, text_anchor="middle",
                        fill=INK))
    return parts


def _integer_ticks(most: int, at_most: int = 5) -> list[int]:
    """0 to at least `most` (and at least 1) in equal whole steps of 1, 2 or 5 times a power of ten."""
    step = next(s for s in (m * 10**e for e in count() for m in (1, 2, 5)) if s * at_most >= most)
    return list(range(0, max(1, -(-most // step)) * step + 1, step))


def _legend(y: float) -> list[str]:
    parts = []
    for i, rating in enumerate(RATINGS_UP):
        x, row_y = PAD + (i % 2) * (WIDTH - 2 * PAD) / 2, y + (i // 2) * 16
        parts.append(el("rect", x=x, y=row_y - 9, width=10, height=10, fill=COLOURS[rating]))
        parts.append(el("text", svg.esc(rating), x=x + 14, y=row_y, font_size=SMALL))
    return parts


def rating_bars(labels: Sequence[str], counts: Sequence[dict[str, int]], title: str) -> str:
    """Horizontal stacked bars: one per label, its reports (or standards) by rating, worst first."""
    column, lines, middles, bottom = _rows(labels, TOP)
    x0 = PAD + column + 8 if labels else PAD
    ticks = _integer_ticks(max((sum(max(0, n) for n in c.values()) for c in counts), default=0))
    scale = (WIDTH - PAD - 10 - x0) / ticks[-1]
    parts = [_heading(title), *_x_axis(x0, scale, ticks, TOP, bottom)]
    for label_lines, by_rating, middle in zip(lines, counts, middles, strict=True):
        parts.append(text_block(x0 - 6, middle, label_lines, SIZE, text_anchor="end"))
        left = 0
        for rating in RATINGS_UP:
            n = by_rating.get(rating, 0)
            if n > 0:
                parts.append(el("rect", svg.title(f"{rating}: {n}"), x=x0 + left * scale, y=middle - BAR / 2,
                                width=n * scale, height=BAR, fill=COLOURS[rating]))
                left += n
    parts.append(el("text", "number", x=(x0 + WIDTH - PAD) / 2, y=bottom + 30, font_size=SMALL,
                    text_anchor="middle", fill=INK))
    parts += _legend(bottom + 52)
    return svg.document(WIDTH, bottom + 78, title, parts)


def percentage_strips(labels: Sequence[str], values: Sequence[Sequence[float]], title: str) -> str:
    """Each standard's key-question percentages as dots (one per distinct percentage), with the band
    lines at 50, 65 and 80."""
    column, lines, middles, bottom = _rows(labels, TOP + 14)  # the band numbers above the rows
    x0 = PAD + column + 8 if labels else PAD
    scale = (WIDTH - PAD - 10 - x0) / 100
    parts = [_heading(title), *_x_axis(x0, scale, range(0, 101, 20), TOP + 14, bottom)]
    for x, _label in BANDS:
        parts.append(el("line", x1=x0 + x * scale, y1=TOP + 4, x2=x0 + x * scale, y2=bottom, stroke=AXIS,
                        stroke_width=0.8, stroke_dasharray="4 3"))
        parts.append(el("text", str(x), x=x0 + x * scale, y=TOP + 2, font_size=SMALL, text_anchor="middle",
                        fill="#555555"))
    for label_lines, row, middle in zip(lines, values, middles, strict=True):
        parts.append(text_block(x0 - 6, middle, label_lines, SIZE, text_anchor="end"))
        parts += [el("circle", svg.title(_dot_title(v, n)), cx=x0 + v * scale, cy=middle, r=3.5, fill=INK,
                     fill_opacity=0.7) for v, n in sorted(Counter(row).items())]
    caption = ["% of cases judged 'Yes' (bands:", "; ".join(t for _, t in BANDS) + ")"]
    parts.append(text_block(WIDTH / 2, bottom + 34, caption, SMALL, text_anchor="middle", fill=INK))
    return svg.document(WIDTH, bottom + 54, title, parts)


def _dot_title(value: float, n: int) -> str:
    """One dot stands for every key question of a standard with the same percentage, so the page stays
    small at any corpus size (thousands of reports share a few hundred percentages)."""
    return f"{svg.num(value)}%" + (f" ({n} key questions)" if n > 1 else "")


def _rating_name(order: int) -> str:
    return RATINGS_UP[order - 1] if 1 <= order <= len(RATINGS_UP) else str(order)


def rating_changes(bodies: Sequence[str], before: Sequence[int], after: Sequence[int], title: str) -> str:
    """One line per body from its previous overall rating to its latest (1 Inadequate ... 4 Outstanding);
    the names that end on one rating stack around it, so none overlaps another."""
    prev_x, latest_x = PAD + 86, PAD + 170  # the rating names' column, then the two inspections
    name_x = latest_x + 7
    names = [svg.wrap(b, SMALL, WIDTH - PAD - name_x) for b in bodies]
    step = SMALL * svg.LEADING
    heights = [len(n) * step + 2 for n in names]
    stacked = {r: sum(h for h, a in zip(heights, after, strict=True) if a == r) for r in set(after)}
    band = max([40.0, *(s + 8 for s in stacked.values())])
    middle = {r: TOP + 4 + (len(RATINGS_UP) - r + 0.5) * band for r in {*range(1, 5), *before, *after}}
    parts = [_heading(title)]
    for r in range(1, len(RATINGS_UP) + 1):
        parts.append(el("line", x1=prev_x, y1=middle[r], x2=latest_x, y2=middle[r], stroke=GRID))
        parts.append(text_block(prev_x - 12, middle[r], svg.wrap(_rating_name(r), SIZE, 76), SIZE,
                                text_anchor="end"))
    bottom = TOP + 4 + len(RATINGS_UP) * band
    for x, caption in ((prev_x, "previous inspection"), (latest_x, "latest inspection")):
        parts.append(el("line", x1=x, y1=TOP + 4, x2=x, y2=bottom, stroke=AXIS))
        parts.append(text_block(x, bottom + 14, caption.split(), SMALL, text_anchor="middle", fill=INK))
    filled = dict.fromkeys(stacked, 0.0)
    for name, lines, height, a, b in zip(bodies, names, heights, before, after, strict=True):
        end_y = middle[b] - stacked[b] / 2 + filled[b] + height / 2
        filled[b] += height
        colour = CHANGE_COLOURS["up" if b > a else "down" if b < a else "same"]
        parts.append(el("g", svg.title(f"{name}: {_rating_name(a)} to {_rating_name(b)}"),
                        el("line", x1=prev_x, y1=middle[a], x2=latest_x, y2=end_y, stroke=colour,
                           stroke_width=1.5),
                        el("circle", cx=prev_x, cy=middle[a], r=3, fill=colour),
                        el("circle", cx=latest_x, cy=end_y, r=3, fill=colour),
                        text_block(name_x, end_y, lines, SMALL)))
    return svg.document(WIDTH, bottom + 36, title, parts)
