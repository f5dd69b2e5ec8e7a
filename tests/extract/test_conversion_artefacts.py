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


def test_the_text_of_a_2024_style_web_page_report():
    """The inspectorate's web pages: 'Skip to content', the licence notice, the title on one line,
    'Published: <day> <month> <year>' and every heading followed by a '(Back to top)' link."""
    from pipelines.extract import extract_text
    from tests.extract.conftest import sample_text

    original = sample_text("wigan-pdu-2023-05.txt")
    body = original[original.index("Contents"):]
    for heading in ("Foreword", "Ratings", "Recommendations", "Background", "1. Organisational delivery"):
        body = body.replace(f"\n{heading}\n", f"\n{heading} (Back to top)\n", 1)
    page = ("Skip to content\n\nAll content is available under the Open Government Licence v3.0, except "
            "where otherwise stated.\n\nAn inspection of probation services in Wigan PDU\n\n"
            "Published: 18 May 2023\n\n" + body)
    assert page.count("(Back to top)") == 5
    got = extract_text(page, "wigan.html.txt", "0" * 64)
    want = extract_text(original, "wigan.txt", "0" * 64)
    (report,) = got.rows["reports"]
    assert (report["report_id"], report["publication_month"].isoformat(), report["overall_rating"]) == (
        "wigan-pdu-2023-05", "2023-05-01", "Requires improvement")
    assert [h["heading"] for h in got.rows["sections"]] == [h["heading"] for h in want.rows["sections"]]

    def content(rows):
        return [{k: v for k, v in r.items() if k not in ("char_start", "char_end")} for r in rows]

    for table in ("standards", "key_questions", "recommendations", "findings", "quotes"):
        assert content(got.rows[table]) == content(want.rows[table]), table
