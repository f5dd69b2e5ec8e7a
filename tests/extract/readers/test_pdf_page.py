"""The PDFium page layer on a page drawn here with fpdf2 at known places: characters with their font size
and top-left boxes, a ruled table found from the drawn lines with its cells' text, a filled disc as a
small filled shape; and a hyphen that PDFium marks as ending a line, in the Chromium prints."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipelines.extract.readers.limits import Limits
from pipelines.extract.readers.pdf import read_pdf
from pipelines.extract.readers.pdf_page import PdfiumPage
from tests.fixtures.formats.make_pdf import ReportPdf

MM = 72 / 25.4  # points per mm


def _page() -> bytes:
    pdf = ReportPdf("Running title")
    pdf.add_page()
    pdf.set_font("body", "", 11)
    pdf.set_xy(20, 30)
    pdf.cell(100, 6, "Plain words here")
    pdf.set_font("body", "B", 16)
    pdf.set_xy(20, 50)
    pdf.cell(100, 8, "Heading")
    pdf.set_font("body", "", 10)
    pdf.set_xy(20, 80)
    for question, percent in (("Was the plan good?", "45%"), ("Was it reviewed?", "80%")):
        pdf.cell(80, 8, question, border=1)
        pdf.cell(30, 8, percent, border=1, new_x="LMARGIN", new_y="NEXT")
    pdf.circle(x=22, y=120, radius=1.0, style="F")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def page() -> PdfiumPage:
    document = pdfium.PdfDocument(_page())
    return PdfiumPage(document[0])


def _word(page: PdfiumPage, text: str) -> dict:
    return next(w for w in page.extract_words(extra_attrs=["size"]) if w["text"] == text)


def test_characters_carry_font_size_and_top_left_boxes(page: PdfiumPage) -> None:
    plain, heading = _word(page, "Plain"), _word(page, "Heading")
    assert plain["size"] == pytest.approx(11, abs=0.05)
    assert heading["size"] == pytest.approx(16, abs=0.05)
    assert plain["x0"] == pytest.approx(20 * MM, abs=3)  # fpdf2 pads a cell's text by 1 mm
    assert 30 * MM < plain["top"] < plain["bottom"] < 36 * MM  # inside its 6 mm cell, measured from the top
    assert 50 * MM < heading["top"] < heading["bottom"] < 58 * MM


def test_a_ruled_table_is_found_from_the_drawn_lines(page: PdfiumPage) -> None:
    tables = page.find_tables()
    assert len(tables) == 1
    assert tables[0].extract() == [["Was the plan good?", "45%"], ["Was it reviewed?", "80%"]]
    x0, top, x1, bottom = tables[0].bbox
    assert (x0, top, x1, bottom) == pytest.approx((20 * MM, 80 * MM, 130 * MM, 96 * MM), abs=1)


def test_a_filled_disc_is_a_small_shape(page: PdfiumPage) -> None:
    discs = [r for r in page.rects if r["x1"] - r["x0"] < 3 * MM and r["bottom"] - r["top"] < 3 * MM]
    assert len(discs) == 1
    centre = ((discs[0]["x0"] + discs[0]["x1"]) / 2, (discs[0]["top"] + discs[0]["bottom"]) / 2)
    assert centre == pytest.approx((22 * MM, 120 * MM), abs=0.5)


CONVERSIONS = Path(__file__).resolve().parents[2] / "fixtures" / "conversions"


@pytest.mark.parametrize("sample", ["tameside-pdu-2023-05", "wigan-pdu-2023-05"])
def test_a_hyphen_at_a_line_end_is_kept(sample: str) -> None:
    """PDFium marks a hyphen that ends a line with its own code; it is read as the hyphen it is (the
    sample text prints "a high-quality, personalised and responsive approach", wrapped after "high-" in
    the Chromium print)."""
    data = (CONVERSIONS / sample / "chromium.pdf").read_bytes()
    text, _, _ = read_pdf(data, "chromium.pdf", Limits())
    assert "support a high-quality, personalised and responsive approach" in text
    assert "high quality" not in text
