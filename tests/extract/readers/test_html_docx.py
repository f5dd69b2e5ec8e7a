"""Web page and Word specifics: what is ignored, how lists, tables, breaks and footnote markers read."""

from __future__ import annotations

import io

import docx

from pipelines.extract.readers import read_document

PAGE = b"""<!doctype html><html><head><style>h2 {color: red}</style></head><body>
<nav><a href="/">Home</a></nav>
<main>
  <h2>2.2. Assessment</h2>
  <p>Our rating<sup>4</sup> for   assessment
     is based on <a href="#">three</a> key questions:</p>
  <table><thead><tr><th>Key question</th><th>Percentage 'Yes'</th></tr></thead>
  <tbody><tr><td><p>Does assessment focus sufficiently on engaging the person on probation?</p></td>
  <td>64%</td></tr></tbody></table>
  <p class="note" style="display: none">Hidden note</p>
  <h3>Strengths:</h3>
  <ul><li><p>Careful consideration was given.</p></li>
      <li>Reviews were timely.<ul><li>Nested point.</li></ul></li></ul>
  <p>HM Inspectorate<br>of Probation</p>
  <ol start="5"><li>improve the quality of court work</li><li>provide opportunities</li></ol>
  <script>document.write("not text")</script>
</main>
<footer>Cookies</footer></body></html>"""


def test_web_page_reads_as_report_text():
    text, warnings = read_document(PAGE, "page.html")
    assert text == (
        "2.2. Assessment\n\n"
        "Our rating\u2074 for assessment is based on three key questions:\n\n"
        "Key question\tPercentage 'Yes'\n"
        "Does assessment focus sufficiently on engaging the person on probation?\t64%\n\n"
        "Strengths:\n\n"
        "- Careful consideration was given.\n"
        "- Reviews were timely.\n"
        "- Nested point.\n\n"
        "HM Inspectorate\nof Probation\n\n"
        "5. improve the quality of court work\n"
        "6. provide opportunities\n"
    )
    assert warnings == []


def word_file() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Running header"
    document.add_heading("Recommendations", level=1)
    document.add_paragraph("Anytown PDU should:")
    document.add_paragraph("assess risk", style="List Number")
    document.add_paragraph("plan for safety", style="List Number")
    document.add_paragraph("HM Prison and Probation Service should:")
    document.add_paragraph("resource the region", style="List Number")
    document.add_paragraph("A bullet point", style="List Bullet")
    paragraph = document.add_paragraph("First line")
    paragraph.add_run().add_break()
    paragraph.add_run("second line")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Outcomes", "Percentage 'Yes'"
    table.cell(1, 0).text, table.cell(1, 1).text = "Do early outcomes demonstrate progress?", "33%"
    merged = document.add_table(rows=1, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "Spanning cell"
    merged.cell(0, 2).text = "50%"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_word_document_reads_as_report_text():
    text, warnings = read_document(word_file(), "report.docx")
    assert text == (
        "Recommendations\n\n"
        "Anytown PDU should:\n\n"
        "1. assess risk\n"
        "2. plan for safety\n\n"
        "HM Prison and Probation Service should:\n\n"
        "3. resource the region\n"
        "- A bullet point\n\n"
        "First line\nsecond line\n\n"
        "Outcomes\tPercentage 'Yes'\n"
        "Do early outcomes demonstrate progress?\t33%\n"
        "Spanning cell\t50%\n"
    )
    assert warnings == []


def test_a_fragment_of_a_web_page_is_read_as_html(sample_files):
    """Saved from a content system without <html>, <head> or <body>: still a web page, not text."""
    from pipelines.extract import extract_bytes
    from pipelines.extract.readers import sniff

    page = sample_files[("wigan-pdu-2023-05", "html")]
    start, end = page.index(b"<body"), page.rindex(b"</body>")
    fragment = b"<main>" + page[page.index(b">", start) + 1:end] + b"</main>"
    assert b"<html" not in fragment and b"<body" not in fragment
    assert sniff(fragment) == "html"
    whole, part = extract_bytes(page, "w.html"), extract_bytes(fragment, "w.html")
    for table in ("reports", "standards", "key_questions", "recommendations", "findings"):
        assert [{k: v for k, v in r.items() if k not in ("source_sha256",)} for r in part.rows[table]] == \
            [{k: v for k, v in r.items() if k not in ("source_sha256",)} for r in whole.rows[table]], table
