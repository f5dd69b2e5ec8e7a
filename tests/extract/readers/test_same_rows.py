"""The same report as .txt, .pdf, .html and .docx yields identical rows in every table, apart from
provenance (where in the file a row came from, and which file).

One allowance: a section's full `text` is compared line by line, ignoring blank lines, because the .txt
samples carry runs of blank lines and whitespace-only lines (conversion debris) that no other format can
reproduce and that `normalise` keeps. Every other column is compared exactly."""

from __future__ import annotations

import pytest

from pipelines.extract import extract_bytes
from tests.fixtures.formats.source import SAMPLES

from .conftest import FORMATS

PROVENANCE = {"char_start", "char_end", "page_no", "source_file", "source_sha256"}


def without_provenance(rows: dict[str, list[dict]]) -> dict[str, list[dict]]:
    return {
        table: [
            {k: _lines(v) if (table, k) == ("sections", "text") else v
             for k, v in row.items() if k not in PROVENANCE}
            for row in table_rows
        ]
        for table, table_rows in rows.items()
    }  # fmt: skip


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def extractions(sample_files):
    return {
        (name, fmt): extract_bytes(sample_files[(name, fmt)], f"{name}.{fmt}")
        for name in SAMPLES
        for fmt in ("txt", *FORMATS)
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", SAMPLES)
def test_rows_match_the_text_original(extractions, name, fmt):
    original = extractions[(name, "txt")]
    other = extractions[(name, fmt)]
    assert original.is_report and other.is_report
    assert other.report_id == original.report_id
    assert without_provenance(other.rows) == without_provenance(original.rows)
    assert [(i.severity, i.code) for i in other.issues] == [(i.severity, i.code) for i in original.issues]


def test_every_table_has_rows(extractions):
    rows = extractions[("wigan-pdu-2023-05", "pdf")].rows
    assert rows["reports"][0]["source_file"] == "wigan-pdu-2023-05.pdf"
    assert all(table_rows for table_rows in rows.values()), [t for t, r in rows.items() if not r]
