"""What copying a report out of a web page or a PDF leaves in its text: contents entries whose page
numbers were lost, a score whose figures went onto the next line. Inputs typed by hand."""

from __future__ import annotations

from pipelines.extract.document import Doc
from pipelines.extract.ratings import find_score
from pipelines.extract.structure import find_structure


def test_contents_entries_whose_page_numbers_were_lost_are_not_headings():
    text = ("Contents\n\nForeword.....\n\nRatings.....\n\nRecommendations.....\n\n"
            "Foreword\n\nWe have rated it.\n")
    headings = [(h.line, h.text) for h in find_structure(Doc(text)).headings]
    assert headings == [(8, "Foreword")]


def test_a_score_whose_figures_are_on_the_next_line_is_read():
    doc = Doc("Ratings\n\nScore\n7/27\n\nOverall rating\n")
    assert find_score(doc, 0, len(doc.lines)) == (7, 27, doc.text.index("Score"))
