"""PDF layout on a hand-made page sequence: running header and page numbers dropped, a hyphenated word
rejoined and a hyphenated compound kept, a bullet broken by a page break rejoined, page provenance."""

from __future__ import annotations

import pytest

from pipelines.extract.readers import page_for_offset, read_document_with_pages
from tests.fixtures.formats.make_pdf import page_break_pdf

EXPECTED = """\
The assessment of risk of harm was thorough and the plan was well-informed; in most cases the \
practitioner's assessment drew on police and children's social care information.

Strengths:

- Staff were motivated and felt well supported by their managers.
- Probation practitioners focused on developing relationships with people on probation and arranging \
supervision in a flexible way to enable people to attend. Appointments were frequent enough to monitor \
risk of harm in the majority of cases, and home visits were used well.
- Women were seen at the women's centre.

Areas for improvement:

- Contingency planning was weak.

Annexe one - Web links
"""


@pytest.fixture(scope="module")
def page_break_read():
    return read_document_with_pages(page_break_pdf(), "anytown.pdf")


def test_bullet_broken_by_a_page_break_is_one_bullet(page_break_read):
    text, warnings, _ = page_break_read
    assert text == EXPECTED
    assert warnings == []


def test_page_provenance_across_the_break(page_break_read):
    text, _, starts = page_break_read
    assert len(starts) == 3
    assert page_for_offset(starts, text.index("Probation practitioners focused")) == 1
    assert page_for_offset(starts, text.index("Appointments were frequent")) == 2
    assert page_for_offset(starts, text.index("Contingency planning")) == 2
    assert page_for_offset(starts, text.index("Annexe one")) == 3
    assert page_for_offset(starts, 0) == 1
