"""Page starts found again in the normalised text, and each row's page. Inputs typed by hand."""

from __future__ import annotations

from pipelines.extract.clean import normalise
from pipelines.extract.pages import assign_pages, page_starts

PAGE_ONE = "Leaders engaged well with the person on probation.\n\n**Staff** planned the work with care.\n\n"
PAGE_TWO = "person on probation. Managers reviewed every case that the inspectors read in full.\n\n"
PAGE_THREE = "Ok.\n"


def test_a_page_opening_on_a_phrase_seen_before_is_found_where_it_really_begins():
    original = PAGE_ONE + PAGE_TWO + PAGE_THREE
    text = normalise(original)  # the bold markers go: offsets move
    starts = page_starts(text, original, [0, len(PAGE_ONE), len(PAGE_ONE) + len(PAGE_TWO)])
    assert starts[:2] == [0, text.index("person on probation. Managers")]
    # page three is too short to search for: it begins where the text ends, so nothing on page two is
    # claimed by it
    assert starts[2] == len(text)
    rows = {"findings": [{"char_start": text.index("Staff")}, {"char_start": text.index("Managers")}],
            "quotes": []}
    assign_pages(rows, starts)
    assert [r["page_no"] for r in rows["findings"]] == [1, 2]


def test_without_pages_every_row_has_none():
    rows = {"standards": [{"char_start": 5}], "sections": [{"char_start": 0}]}
    assign_pages(rows, None)
    assert rows == {"standards": [{"char_start": 5, "page_no": None}],
                    "sections": [{"char_start": 0, "page_no": None}]}
