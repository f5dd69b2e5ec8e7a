"""Choosing the report's PDF on a report page, and reading the sources list. Hand-written pages."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from pipelines.sources.catalogue import BadSourcesList, Source, read_sources
from pipelines.sources.fetch import stable_stem
from pipelines.sources.links import report_pdf_link

BASE = "https://www.justiceinspectorates.gov.uk/hmiprobation/inspections/anytownpdu/"


def test_the_report_pdf_is_chosen_over_other_documents():
    page = b"""<html><body>
    <a href="/hmiprobation/wp-content/uploads/sites/5/2023/05/Easy-read-Anytown.pdf">Easy read report</a>
    <a href="https://example.org/other.pdf">Annex A: inspection data</a>
    <a href="../../wp-content/uploads/Anytown-PDU-v1.0.pdf">Anytown PDU inspection</a>
    <a href="/hmiprobation/wp-content/uploads/Anytown-report.pdf#page=2">Download the report</a>
    </body></html>"""
    assert report_pdf_link(page, BASE) == \
        "https://www.justiceinspectorates.gov.uk/hmiprobation/wp-content/uploads/Anytown-report.pdf"


def test_a_link_that_says_inspection_but_not_report_is_taken_when_it_is_the_only_one():
    page = b'<a href="files/anytown-pdu.pdf">An inspection of probation services in Anytown PDU</a>'
    assert report_pdf_link(page, BASE) == BASE + "files/anytown-pdu.pdf"


@pytest.mark.parametrize("page", [
    b"<p>No links at all</p>",
    b'<a href="/poster.pdf">Poster</a><a href="/report.html">The report</a>',
    b'<a href="/w.pdf">Welsh version of the report</a><a href="mailto:x@y.z?report.pdf">report</a>',
])
def test_a_page_with_no_report_pdf_gives_none(page):
    assert report_pdf_link(page, BASE) is None


def test_the_file_name_is_stable_readable_and_differs_between_urls():
    assert stable_stem(BASE) == stable_stem(BASE + "#top")
    assert stable_stem(BASE).startswith("anytownpdu-") and len(stable_stem(BASE)) == len("anytownpdu-") + 10
    assert stable_stem(BASE) != stable_stem(BASE.replace("anytownpdu", "anytown-pdu"))
    assert stable_stem("https://example.org/").startswith("example-org-")
    assert stable_stem("https://example.org/?p=4080").startswith("p-4080-")


def test_the_sources_list_is_read_and_bad_lines_are_named(tmp_path: Path):
    listed = tmp_path / "sources.csv"
    listed.write_text(
        "family,title_or_body,published,url\n"
        "youth,Newcastle,2025-02-18,https://example.org/newcastleyjs2025/\n"
        "pdu,Anytown,18 May 2023,https://example.org/anytown/\n"
        "pdu,Nowhere,,\n"
        "dynamic,Somewhere,2025,https://example.org/somewhere/\n"
        "national,National,2025-13,https://example.org/national/\n"
        "youth,Newcastle again,2025-02-18,https://example.org/newcastleyjs2025/\n", encoding="utf-8")
    sources, errors = read_sources(listed)
    assert sources == [
        Source("https://example.org/newcastleyjs2025/", "2025-02-18", "youth", "Newcastle"),
        Source("https://example.org/somewhere/", "2025", "dynamic", "Somewhere"),
    ]
    assert errors == [f"{listed}:3: published '18 May 2023' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)",
                      f"{listed}:4: no url",
                      f"{listed}:6: published '2025-13' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)"]


def test_a_sources_list_without_the_url_column_is_refused(tmp_path: Path):
    listed = tmp_path / "sources.csv"
    listed.write_text("name,link\nAnytown,https://example.org/\n", encoding="utf-8")
    with pytest.raises(BadSourcesList, match="no column family, title_or_body, published, url"):
        read_sources(listed)


def test_the_projects_sources_list_reads_without_errors():
    sources, errors = read_sources(Path(__file__).resolve().parents[2] / "sources.csv")
    assert errors == [] and len(sources) == 94
    assert all(urlsplit(s.url).hostname.endswith("justiceinspectorates.gov.uk") for s in sources)
    assert len({stable_stem(s.url) for s in sources}) == 94  # no two share a file name
