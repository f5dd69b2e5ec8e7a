"""The same report read from PDF, web page and Word gives the text of the .txt original, laid out the
same way (headings, bullets, TAB-joined table rows, blank lines between paragraphs)."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from pipelines.extract.readers import page_for_offset, read_document, sniff
from tests.fixtures.formats.source import SAMPLES, expected_text, sample_text

from .conftest import FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SAMPLES)
def test_every_format_reads_back_as_the_original_text(read_texts, name, fmt):
    text, warnings, _ = read_texts[(name, fmt)]
    assert text == expected_text(sample_text(name))
    assert warnings == []


@pytest.mark.parametrize("fmt", ["txt", *FORMATS])
def test_kind_is_chosen_by_content_not_by_name(sample_files, fmt):
    data = sample_files[(SAMPLES[0], fmt)]
    assert sniff(data) == {"txt": "text", "pdf": "pdf", "html": "html", "docx": "zip"}[fmt]
    renamed, _ = read_document(data, "report.bin")
    assert "2.2. Assessment" in renamed


@pytest.mark.parametrize("fmt", FORMATS)
def test_key_question_rows_and_ratings_lines(read_texts, fmt):
    text, _, _ = read_texts[("wigan-pdu-2023-05", fmt)]
    lines = text.splitlines()
    assert "Key question\tPercentage 'Yes'" in lines
    assert "Does assessment focus sufficiently on engaging the person on probation?\t64%" in lines
    assert "Does reviewing focus sufficiently on keeping other people safe?\t31%" in lines
    assert "Score 7/27" in lines
    at = lines.index("2.2 Assessment")
    assert lines[at : at + 3] == ["2.2 Assessment", "", "Inadequate"]
    assert "Areas for improvement:" in lines
    assert lines[lines.index("Greater Manchester region should:") + 2].startswith("5. improve the quality")


def test_pdf_drops_running_header_and_page_numbers(read_texts):
    text, _, _ = read_texts[("tameside-pdu-2023-05", "pdf")]
    assert "Inspection of probation services" not in text
    assert not [line for line in text.splitlines() if line.strip().isdigit()]


def test_pdf_page_provenance_matches_the_pages(sample_files, read_texts):
    data = sample_files[("wigan-pdu-2023-05", "pdf")]
    text, _, starts = read_texts[("wigan-pdu-2023-05", "pdf")]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page_texts = [page.extract_text() for page in pdf.pages]
    assert len(starts) == len(page_texts)
    assert starts == sorted(starts) and starts[0] == 0
    for needle in ("Wigan PDU should:", "2.2. Assessment", "2.6. Outcomes", "Annexe one"):
        expected_page = next(n for n, t in enumerate(page_texts, start=1) if needle in t)
        assert page_for_offset(starts, text.index(needle)) == expected_page
    assert page_for_offset(starts, len(text) - 1) == len(page_texts)


def test_unpaginated_formats_have_no_pages(read_texts):
    _, _, starts = read_texts[(SAMPLES[0], "html")]
    assert starts == []
    assert page_for_offset(starts, 10) is None
