"""The overview page's charts as inline SVG, drawn with matplotlib, byte-identical for the same data.

matplotlib's object API (no pyplot, no global backend), text kept as text (`svg.fonttype` none, so the
page is small and searchable), a fixed `svg.hashsalt` for the element ids and no date in the metadata.
Choosing what to chart and the page around it belong in `pipelines.publish.overview`.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pipelines.vocabulary import RATING_ORDER

# Worst to best, as the charts read left to right; colours distinguishable in grey scale too.
RATINGS_UP = sorted(RATING_ORDER, key=RATING_ORDER.__getitem__)
COLOURS = {"Inadequate": "#b2182b", "Requires improvement": "#ef8a62", "Good": "#67a9cf",
           "Outstanding": "#2166ac"}
BANDS = ((50, "Requires improvement from 50%"), (65, "Good from 65%"), (80, "Outstanding from 80%"))
_RC = {"svg.hashsalt": "hmip-overview", "svg.fonttype": "none", "font.size": 9,
       "font.family": "DejaVu Sans", "axes.spines.top": False, "axes.spines.right": False}
WIDTH_IN = 4.2


def _svg(figure: object) -> str:
    from matplotlib import rc_context

    buffer = io.StringIO()
    with rc_context(_RC):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": "hmip"},  # type: ignore[attr-defined]
                       bbox_inches="tight")
    text = buffer.getvalue()
    return text[text.index("<svg"):].strip()  # no XML declaration or DOCTYPE inside HTML


def _figure(height_in: float):  # noqa: ANN202 - matplotlib types stay inside this module
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    with rc_context(_RC):
        figure = Figure(figsize=(WIDTH_IN, height_in))
        return figure, figure.add_subplot()


def rating_bars(labels: Sequence[str], counts: Sequence[dict[str, int]], title: str) -> str:
    """Horizontal stacked bars: one per label, its reports (or standards) by rating, worst first."""
    from matplotlib import rc_context

    with rc_context(_RC):
        figure, ax = _figure(0.9 + 0.32 * len(labels))
        positions = list(range(len(labels)))[::-1]
        left = [0] * len(labels)
        for rating in RATINGS_UP:
            widths = [c.get(rating, 0) for c in counts]
            ax.barh(positions, widths, left=left, color=COLOURS[rating], label=rating, height=0.7)
            left = [a + b for a, b in zip(left, widths, strict=True)]
        ax.set_yticks(positions, labels=list(labels))
        ax.set_xlabel("number")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_title(title, loc="left")
        ax.legend(ncols=2, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.25 - 0.6 / len(labels)),
                  frameon=False)
        return _svg(figure)


def percentage_strips(labels: Sequence[str], values: Sequence[Sequence[float]], title: str) -> str:
    """Each standard's key-question percentages as dots, with the band lines at 50, 65 and 80."""
    from matplotlib import rc_context

    with rc_context(_RC):
        figure, ax = _figure(0.9 + 0.32 * len(labels))
        positions = list(range(len(labels)))[::-1]
        for pos, vals in zip(positions, values, strict=True):
            ax.scatter(list(vals), [pos] * len(vals), s=18, color="#333333", alpha=0.7, zorder=3)
        for x, _label in BANDS:
            ax.axvline(x, color="#888888", linestyle="--", linewidth=0.8, zorder=1)
            ax.text(x, len(labels) - 0.4, f"{x}", ha="center", va="bottom", fontsize=8, color="#555555")
        ax.set_xlim(0, 100)
        ax.set_ylim(-0.6, len(labels) - 0.1)
        ax.set_yticks(positions, labels=list(labels))
        ax.set_xlabel("% of cases judged 'Yes' (bands: " + "; ".join(t for _, t in BANDS) + ")", fontsize=7)
        ax.set_title(title, loc="left")
        return _svg(figure)


def rating_changes(bodies: Sequence[str], before: Sequence[int], after: Sequence[int], title: str) -> str:
    """One line per body from its previous overall rating to its latest (1 Inadequate ... 4 Outstanding)."""
    from matplotlib import rc_context

    with rc_context(_RC):
        figure, ax = _figure(2.6)
        for name, a, b in zip(bodies, before, after, strict=True):
            colour = "#1b7837" if b > a else "#b2182b" if b < a else "#555555"
            ax.plot([0, 1], [a, b], marker="o", color=colour)
            ax.text(1.04, b, name, va="center", fontsize=8)
        ax.set_xticks([0, 1], labels=["previous inspection", "latest inspection"])
        ax.set_yticks(range(1, 5), labels=RATINGS_UP)
        ax.set_xlim(-0.1, 1.6)
        ax.set_ylim(0.7, 4.3)
        ax.set_title(title, loc="left")
        return _svg(figure)
