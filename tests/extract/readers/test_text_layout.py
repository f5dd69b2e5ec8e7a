"""pdftotext-style text laid out again: tables rebuilt from column-aligned lines however a question wraps
and wherever its percentage stands (hypothesis varies wrap width, value position and spacing), page
furniture removed; and an <article>'s <header> read as content while site chrome is not."""

from __future__ import annotations

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.extract.readers.html import read_html
from pipelines.extract.readers.limits import DEFAULT_LIMITS
from pipelines.extract.readers.text_layout import relayout

QUESTIONS = [
    ("Does assessment focus sufficiently on engaging the person on probation?", "64%"),
    ("Does assessment focus sufficiently on the factors linked to offending and desistance?", "72%"),
    ("Does assessment focus sufficiently on keeping other people safe?", "33%"),
]


def _layout_table(width: int, where: list[str], gap: int, column: int) -> str:
    lines = ["Key question" + " " * (column - len("Key question")) + "Percentage 'Yes'"]
    for (question, pct), at in zip(QUESTIONS, where, strict=True):
        wrapped = textwrap.wrap(question, width)
        slot = {"first": 0, "last": len(wrapped) - 1, "middle": len(wrapped) // 2}.get(at)
        for n, part in enumerate(wrapped):
            if at == "between" and n == 1:
                lines.append(" " * (column + gap) + pct)
            lines.append(part + (" " * (column + gap - len(part)) + pct if n == slot else ""))
        if at == "between" and len(wrapped) == 1:
            lines[-1] += " " * (column + gap - len(lines[-1])) + pct
    return "\n".join(lines)


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(22, 60),
    gap=st.integers(0, 8),
    where=st.lists(st.sampled_from(["first", "last", "middle", "between"]), min_size=3, max_size=3),
)
def test_a_wrapped_table_row_is_one_row(width, gap, where):
    text = (
        "Our rating is based on three key questions:\n\n"
        + _layout_table(width, where, gap, width + 3)
        + "\n\nStrengths:\n"
    )
    got, _ = relayout(text)
    rows = [line for line in got.split("\n") if "\t" in line]
    assert rows == ["Key question\tPercentage 'Yes'"] + [f"{q}\t{p}" for q, p in QUESTIONS]


@settings(max_examples=30, deadline=None)
@given(
    pages=st.integers(3, 8),
    # prose with single spaces: runs of three or more spaces are -layout's column gaps
    body=st.lists(st.from_regex(r"[a-h]{1,12}(?: [a-h]{1,12}){3,6}", fullmatch=True), min_size=3, max_size=3),
)
def test_running_footers_and_page_numbers_are_removed_and_body_kept(pages, body):
    page_bodies = [
        [f"Para {chr(65 + n)}{k} {b.strip()} end." for k, b in enumerate(body)] for n in range(pages)
    ]
    text = "\f".join(
        "HM Inspectorate of Probation\n"
        + "\n".join(lines)
        + f"\nInspection of probation services: X PDU\n{n}\n"
        for n, lines in enumerate(page_bodies, start=1)
    )
    got, removed = relayout(text)
    assert removed == 3 * pages
    assert got.split("\n") == [line for lines in page_bodies for line in lines]


def test_an_articles_header_is_content_and_site_chrome_is_not():
    page = b"""<!DOCTYPE html><html><body>
    <div role="region" aria-label="Cookies on this site"><p>We use cookies.</p></div>
    <header><a href="/">Site name</a></header><nav><a href="/">Home</a></nav>
    <main><article><header><h1>An inspection of probation services in: Wigan PDU</h1>
    <p>HM Inspectorate of Probation, May 2023</p></header><p>Body text.</p></article>
    <aside><h2>Related content</h2><ul><li><a href="/a">Annual report</a></li></ul></aside></main>
    <footer role="contentinfo"><p>Crown copyright</p></footer></body></html>"""
    text, _ = read_html(page, "p.html", DEFAULT_LIMITS)
    assert text == (
        "An inspection of probation services in: Wigan PDU\n\nHM Inspectorate of Probation, May 2023"
        "\n\nBody text.\n"
    )
