"""A report saved as the plain text of its PDF by another tool (pypdf, pdfplumber: one printed line per
line, no blank line between paragraphs, running header and page number on every page, table cells on
lines of their own) gives the same rows as the .txt it was drawn from, apart from provenance.

pypdf's layout mode keeps the page gaps: one paragraph that goes on in a new sentence over a page break
cannot be told from two paragraphs in such text, so there the findings are only counted."""

from __future__ import annotations

import io

import pdfplumber
import pypdf
import pytest

from pipelines.extract import extract_bytes
from tests.fixtures.formats.source import SAMPLES

from .test_same_rows import without_provenance


def _pypdf(data: bytes, mode: str = "plain") -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return "\n".join(page.extract_text(extraction_mode=mode) for page in pages)


def _pdfplumber(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


TOOLS = {"pypdf": _pypdf, "pdfplumber": _pdfplumber}


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("tool", TOOLS)
def test_a_pdf_text_layer_saved_as_text_gives_the_same_rows(sample_files, name, tool):
    text = TOOLS[tool](sample_files[(name, "pdf")])
    assert "\n\n" not in text.strip() and "Inspection of probation services: " in text  # really hard-wrapped
    got = extract_bytes(text.encode("utf-8"), f"{name}.{tool}.txt")
    original = extract_bytes(sample_files[(name, "txt")], f"{name}.txt")
    assert not got.has_errors, got.issues
    assert "hard_wrapped_text_reflowed" in {i.code for i in got.issues}
    want, have = without_provenance(original.rows), without_provenance(got.rows)
    for table in want:
        if table != "sections":  # headings are the same; a section's text keeps the wrapped layout
            assert have[table] == want[table], table
    assert [s["heading"] for s in have["sections"]] == [s["heading"] for s in want["sections"]]


@pytest.mark.parametrize("name", SAMPLES)
def test_pypdf_layout_mode_text_gives_the_same_ratings_questions_and_recommendations(sample_files, name):
    text = _pypdf(sample_files[(name, "pdf")], "layout")
    got = without_provenance(extract_bytes(text.encode("utf-8"), f"{name}.layout.txt").rows)
    want = without_provenance(extract_bytes(sample_files[(name, "txt")], f"{name}.txt").rows)
    for table in ("reports", "standards", "key_questions", "recommendations", "quotes"):
        assert got[table] == want[table], table
    assert [(f["section"], f["kind"], f["finding_no"]) for f in got["findings"]] == \
        [(f["section"], f["kind"], f["finding_no"]) for f in want["findings"]]


@pytest.mark.parametrize("name", SAMPLES)
def test_each_row_records_the_pdf_page_its_passage_starts_on(sample_files, name):
    """Checked against the PDF itself: the first words of each row are on the page it names."""
    data = sample_files[(name, "pdf")]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [" ".join((page.extract_text() or "").split()) for page in pdf.pages]
    got = extract_bytes(data, f"{name}.pdf").rows
    checked = 0
    for table, column in (("recommendations", "text"), ("findings", "text"), ("key_questions", "question")):
        for row in got[table]:
            words = " ".join(row[column].split()[:5])
            assert words in pages[row["page_no"] - 1], (table, row["page_no"], words)
            checked += 1
    assert checked > 100
    assert {row["page_no"] for row in got["findings"]} >= {6, 9, 16}  # spread over the report's pages
    text = extract_bytes(sample_files[(name, "txt")], f"{name}.txt").rows
    assert {row["page_no"] for table in ("standards", "findings") for row in text[table]} == {None}
