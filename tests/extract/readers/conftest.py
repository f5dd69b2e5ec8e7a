"""Fixtures for the reader tests: both sample reports drawn as PDF, web page and Word document, once per
session, written to a temporary raw/ folder beside the .txt originals."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipelines.extract.readers import read_document_with_pages
from tests.fixtures.formats.make_docx import make_docx
from tests.fixtures.formats.make_html import make_html
from tests.fixtures.formats.make_pdf import make_pdf
from tests.fixtures.formats.source import SAMPLES, parse, sample_text

FORMATS = ("pdf", "html", "docx")


def running_title(text: str) -> str:
    match = re.search(r"services in:\s*\n\s*\n?(.+)", text)
    assert match, "sample has no place line"
    return f"Inspection of probation services: {match.group(1).strip()}"


@pytest.fixture(scope="session")
def formats_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A raw/ folder holding each sample as .txt, .pdf, .html and .docx."""
    folder = tmp_path_factory.mktemp("raw_formats")
    for name in SAMPLES:
        text = sample_text(name)
        blocks = parse(text)
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.pdf").write_bytes(make_pdf(running_title(text), blocks))
        (folder / f"{name}.html").write_bytes(make_html(running_title(text), blocks))
        (folder / f"{name}.docx").write_bytes(make_docx(running_title(text), blocks))
    return folder


@pytest.fixture(scope="session")
def sample_files(formats_dir: Path) -> dict[tuple[str, str], bytes]:
    """(sample, format) -> bytes."""
    return {
        (name, fmt): (formats_dir / f"{name}.{fmt}").read_bytes()
        for name in SAMPLES
        for fmt in ("txt", *FORMATS)
    }


@pytest.fixture(scope="session")
def read_texts(sample_files: dict[tuple[str, str], bytes]) -> dict[tuple[str, str], tuple]:
    """(sample, format) -> read_document_with_pages of the fixture, read once per session."""
    return {
        key: read_document_with_pages(data, f"{key[0]}.{key[1]}") for key, data in sample_files.items()
    }
