"""Writing SVG by hand for the overview's charts: elements as text, numbers written the same way every
time, text escaped, and a rough width and word wrapping for text (there are no font metrics here).

This module knows no chart and no data: what to draw and where (axes, bars, legends) belongs in
`pipelines.publish.charts`.
"""

from __future__ import annotations

import html

NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, sans-serif"
CHAR_EM = 0.6  # a generous average advance of a sans-serif character, in ems
LEADING = 1.2  # line height, in ems


def num(value: float) -> str:
    """A number as short, stable text: at most two decimals, no trailing zeros, never '-0'."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def el(tag: str, *children: str, **attrs: object) -> str:
    """`<tag .../>`, or `<tag ...>children</tag>` around children that are SVG already (escape text with
    `esc`). Attribute names take '-' for '_' (`text_anchor`); numbers go through `num`."""
    written = "".join(
        f' {name.replace("_", "-")}="{num(v) if isinstance(v, int | float) else esc(v)}"'
        for name, v in attrs.items())
    inner = "".join(children)
    return f"<{tag}{written}>{inner}</{tag}>" if inner else f"<{tag}{written}/>"


def title(text: object) -> str:
    """A `<title>`: the accessible name of the element it opens, shown on hover."""
    return f"<title>{esc(text)}</title>"


def width(text: str, size: float) -> float:
    """About how wide `text` is at font size `size` (generous: better a gap than an overlap)."""
    return len(text) * size * CHAR_EM


def wrap(text: str, size: float, room: float) -> list[str]:
    """`text` in lines of whole words that fit `room` at `size`; a word longer than that is a line alone."""
    most = max(1, int(room / (size * CHAR_EM)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= most:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def text_block(x: float, middle: float, lines: list[str], size: float, **attrs: object) -> str:
    """One `<text>` of `lines` (a `<tspan>` each) centred vertically on `middle`."""
    step = size * LEADING
    first = middle - (len(lines) - 1) * step / 2 + size * 0.35  # 0.35 em: baseline below the middle
    if len(lines) == 1:
        return el("text", esc(lines[0]), x=x, y=first, font_size=size, **attrs)
    spans = [el("tspan", esc(line), x=x, dy=0 if i == 0 else step) for i, line in enumerate(lines)]
    return el("text", *spans, x=x, y=first, font_size=size, **attrs)


def document(view_width: float, view_height: float, name: str, parts: list[str]) -> str:
    """The `<svg>` element for inline use in HTML: no XML declaration, as wide as the page up to its
    viewBox width, `name` as its accessible name."""
    return el("svg", title(name), *parts, xmlns=NS, viewBox=f"0 0 {num(view_width)} {num(view_height)}",
              width="100%", style=f"max-width:{num(view_width)}px", role="img", font_family=FONT)
