"""Every bad file ends in one clear UnreadableDocument naming the file and the problem, quickly."""

from __future__ import annotations

import codecs
import time

import pytest

from pipelines.extract.readers import Limits, UnreadableDocument, read_document, read_document_with_pages
from tests.fixtures.formats import bad_files
from tests.fixtures.formats.source import SAMPLES, sample_text


def refused(data: bytes, name: str, limits: Limits | None = None) -> UnreadableDocument:
    started = time.monotonic()
    with pytest.raises(UnreadableDocument) as caught:
        if limits is None:
            read_document(data, name)
        else:
            read_document_with_pages(data, name, limits)
    assert time.monotonic() - started < 5, "a bad file must fail fast"
    assert name in str(caught.value)
    return caught.value


def test_encrypted_pdf():
    error = refused(bad_files.encrypted_pdf(), "locked.pdf")
    assert error.code == "pdf_encrypted"
    assert "encrypted" in str(error) and "password" in str(error)


def test_corrupt_pdf():
    error = refused(bad_files.garbage_pdf(), "broken.pdf")
    assert error.code == "pdf_corrupt"
    assert "damaged PDF" in str(error)


def test_truncated_pdf(sample_files):
    data = sample_files[(SAMPLES[0], "pdf")]
    error = refused(data[: len(data) // 3], "half.pdf")
    assert error.code == "pdf_corrupt"


def test_scanned_pdf_says_ocr_is_not_supported():
    error = refused(bad_files.scanned_pdf(), "scan.pdf")
    assert error.code == "pdf_no_text"
    assert "scanned PDF: OCR is not supported" in str(error)


def test_too_many_pages():
    error = refused(bad_files.many_pages_pdf(501), "huge.pdf")
    assert error.code == "pdf_too_many_pages"
    assert "501 pages" in str(error) and "500" in str(error)


def test_page_limit_is_configurable():
    error = refused(bad_files.many_pages_pdf(4), "four.pdf", Limits(max_pages=3))
    assert error.code == "pdf_too_many_pages"


def test_pdf_whose_content_inflates_past_the_cap():
    data = bad_files.decompression_bomb_pdf(80)
    assert len(data) < 200_000  # 80 MB of content in a small file
    error = refused(data, "bomb.pdf")
    assert error.code == "pdf_bomb" and "50 MB" in str(error)
    chained = bad_files.decompression_bomb_pdf(80, twice=True)
    assert len(chained) < 5_000
    assert refused(chained, "chained.pdf").code == "pdf_bomb"


def test_zip_bomb_disguised_as_docx():
    error = refused(bad_files.zip_bomb_docx(60), "report.docx")
    assert error.code == "zip_bomb"
    assert "60 MB" in str(error) and "50 MB" in str(error)


def test_zip_bomb_under_the_declared_cap_but_expanding_too_far():
    error = refused(bad_files.zip_bomb_docx(20), "report.docx", Limits(max_decompressed_bytes=10 * 2**20))
    assert error.code == "zip_bomb"


def test_zip_bomb_with_lying_headers_stops_at_the_declared_size():
    error = refused(bad_files.lying_zip_bomb_docx(), "liar.docx")
    assert error.code == "zip_bomb"
    assert ("liar.docx: zip bomb: word/document.xml inflates past the 1,024 bytes its header declares"
            in str(error))


def test_zip_that_is_not_a_word_document():
    error = refused(bad_files.plain_zip(), "data.docx")
    assert error.code == "not_a_word_document"


def test_web_page_with_no_body_text():
    error = refused(bad_files.navigation_only_html(), "search.html")
    assert error.code == "html_no_text"
    assert "no body text" in str(error)


def test_binary_junk():
    error = refused(bad_files.binary_junk(), "junk.txt")
    assert error.code == "not_text"


def test_binary_junk_without_nul_bytes():
    junk = bytes(b for b in bad_files.binary_junk() if b)
    assert refused(junk, "junk.md").code == "not_text"


def test_png_renamed_txt():
    error = refused(bad_files.png_bytes(), "report.txt")
    assert error.code == "not_text"
    assert "PNG image" in str(error)


def test_legacy_word_document():
    error = refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.doc")
    assert error.code == "legacy_office_format"


def test_empty_file():
    assert refused(b"  \n", "empty.txt").code == "empty_file"


def test_input_size_limit():
    error = refused(b"x" * 2000, "big.txt", Limits(max_input_bytes=1000))
    assert error.code == "file_too_large"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_text_with_or_without_byte_order_mark(encoding):
    original = sample_text(SAMPLES[1])
    data = original.encode(encoding)
    assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) == (encoding == "utf-16")
    text, warnings = read_document(data, "tameside.txt")
    assert text == original
    assert [w.code for w in warnings] == ["encoding_utf16"]
