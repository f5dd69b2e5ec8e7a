"""Hard-wrapped text is rejoined into one line per paragraph, bullet or heading; text that is not
hard-wrapped is left alone. Inputs and expected outputs typed by hand."""

from __future__ import annotations

from pipelines.extract.clean import normalise_with_issues
from pipelines.extract.reflow import reflow, wrap_width

WIDTH = 60
PAGE = """2.2. Assessment
Assessment is well-informed, analytical and personalised, actively
involving the person on probation.
Inadequate
Our rating for assessment is based on the percentage of cases we
inspected being judged satisfactory against three key questions:
Percentage
Key question
'Yes'
Does assessment focus sufficiently on engaging the person on
64%
probation?
Does assessment focus sufficiently on keeping other people safe? 33%
Strengths:
- The strongest area of assessment was in identification of what
work was needed, and the views of individuals had been
obtained in almost two-thirds of cases.
- Careful consideration had been given to identify barriers.
"I was listened to and my probation officer was really helpful."
Resettlement work
The PDU was aware that the prison to community handover was an
area for improvement. It was well-
informed by the regional team."""

EXPECTED = [
    "2.2. Assessment", "",
    "Assessment is well-informed, analytical and personalised, actively involving the person on probation.",
    "",
    "Inadequate", "",
    "Our rating for assessment is based on the percentage of cases we inspected being judged satisfactory "
    "against three key questions:", "",
    "Percentage", "Key question", "'Yes'",
    "Does assessment focus sufficiently on engaging the person on", "64%", "probation?",
    "Does assessment focus sufficiently on keeping other people safe? 33%", "",
    "Strengths:", "",
    "- The strongest area of assessment was in identification of what work was needed, and the views of "
    "individuals had been obtained in almost two-thirds of cases.", "",
    "- Careful consideration had been given to identify barriers.", "",
    '"I was listened to and my probation officer was really helpful."', "",
    "Resettlement work", "",
    "The PDU was aware that the prison to community handover was an area for improvement. It was "
    "well-informed by the regional team.",
]


def test_wrapped_lines_are_rejoined_and_blocks_separated():
    assert reflow(PAGE.split("\n"), WIDTH) == EXPECTED


def test_a_sentence_cut_by_a_page_break_goes_on_but_a_new_paragraph_does_not():
    lines = ["The PDU had shortfalls in staffing, and this was an area of risk given",
             "", "", "the judgement for social care by Ofsted in May",
             "", "2022, which the partnership had taken up.", "", "Leadership was strong."]
    assert reflow(lines, 70) == [
        "The PDU had shortfalls in staffing, and this was an area of risk given the judgement for social "
        "care by Ofsted in May 2022, which the partnership had taken up.", "", "Leadership was strong."]


def test_wrap_width_is_measured_and_unwrapped_text_is_not_reflowed():
    wrapped = ["word " * 11 + "end"] * 30 + ["Short heading"] * 5
    assert wrap_width(wrapped) == len("word " * 11 + "end")
    paragraphs = ["A paragraph of a report saved as text keeps each paragraph on one line. " * 4] * 30
    assert wrap_width(paragraphs) is None
    assert wrap_width(["a short text"] * 10) is None  # too few lines to tell


def test_normalise_reflows_only_hard_wrapped_text_and_says_so():
    wrapped = "\n".join(f"Paragraph {n} of a report printed across two lines, with its line cut here\n"
                         f"where the page ended and the sentence {n} went on." for n in range(20))
    text, issues = normalise_with_issues(wrapped)
    assert "Paragraph 7 of a report printed across two lines, with its line cut here where the page ended " \
        "and the sentence 7 went on.\n\nParagraph 8 " in text
    assert "hard_wrapped_text_reflowed" in {i.code for i in issues}
    plain = "\n\n".join((f"Paragraph {n}: a whole paragraph on one line, as .txt samples are. " * 5).strip()
                         for n in range(40))
    text, issues = normalise_with_issues(plain)
    assert text.rstrip("\n") == plain
    assert "hard_wrapped_text_reflowed" not in {i.code for i in issues}


def _rows_without_provenance(text: str) -> dict:
    from pipelines.extract import extract_bytes

    rows = extract_bytes(text.encode("utf-8"), "family.txt").rows
    provenance = {"char_start", "char_end", "source_file", "source_sha256"}
    return {t: [{k: v for k, v in r.items() if k not in provenance} for r in rs]
            for t, rs in rows.items() if t != "sections"}  # a section's text keeps the layout


def test_a_report_with_no_blank_lines_gives_the_same_rows():
    """Lines not wrapped, but every blank line gone: headings, ratings and bullets are told apart by form."""
    from tests.extract.families import PDU_2024, YOUTH

    for text in (YOUTH, PDU_2024):
        squeezed = "\n".join(line for line in text.split("\n") if line.strip())
        assert "\n\n" not in squeezed
        assert _rows_without_provenance(squeezed) == _rows_without_provenance(text)
        _, issues = normalise_with_issues(squeezed)
        assert "blocks_separated" in {i.code for i in issues}


def test_a_standard_statement_wrapped_over_two_lines_is_read_whole():
    from tests.extract.families import YOUTH

    statement = ("Assessment is well-informed, analytical and personalised, actively involving the child and "
                 "their carers.")
    assert statement in YOUTH
    wrapped = YOUTH.replace(statement, statement.replace(" actively ", " actively\n"), 1)
    rows = _rows_without_provenance(wrapped)["standards"]
    assert next(r for r in rows if r["standard_code"] == "2.1")["standard_statement"] == statement



# Wigan's 13 key questions and the outcomes figure, as printed in the report (2.1 to 2.6)
WIGAN_PERCENTAGES = [50.0, 64.0, 72.0, 33.0, 69.0, 64.0, 44.0, 54.0, 51.0, 41.0, 64.0, 54.0, 31.0, 33.0]


def test_narrow_wrapping_keeps_every_key_question():
    """At 50 characters a line, 'percentage of cases ...' and '10.3 days' start wrapped lines: neither
    may split a paragraph or a standard."""
    import textwrap

    from pipelines.extract import extract_text
    from tests.extract.conftest import sample_text

    lines = []
    for line in sample_text("wigan-pdu-2023-05.txt").split("\n"):
        lines += [line] if "\t" in line or not line.strip() else textwrap.wrap(line, 50)
    got = extract_text("\n".join(lines), "narrow.txt", "0" * 64)
    assert [k["yes_pct"] for k in got.rows["key_questions"]] == WIGAN_PERCENTAGES
    assert "key_questions_not_found" not in {i.code for i in got.issues}
    assert {f["standard_code"] for f in got.rows["findings"] if f["section"] == "Assessment"} == {"2.2"}
