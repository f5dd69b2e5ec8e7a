"""Text from a report or a file name is inert in every Markdown and HTML output: rendered with a real
CommonMark renderer (markdown-it, HTML allowed as a viewer would), it never becomes a tag, a link, an
emphasis or an extra table row, and bidirectional controls are shown as code points, never applied."""

from __future__ import annotations

from markdown_it import MarkdownIt

from pipelines.defs.checks import _rows_table
from pipelines.escape import BIDI_CONTROLS, _invisible, html_text, markdown_text
from pipelines.inputs.statuses import status_table_markdown
from pipelines.publish.changes import render_changes_markdown
from pipelines.quality.report_html import render_quality_html

HOSTILE_NAME = "evil<img src=x onerror=alert(1)>|[link](http://x)\n*bold*_u_`code`\u202egpj.txt"


def _render(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def _assert_inert(rendered: str) -> None:
    assert "<img" not in rendered
    assert "<a " not in rendered and "<em>" not in rendered and "<strong>" not in rendered
    assert "<code>" not in rendered
    assert "\u202e" not in rendered
    assert "&lt;U+202E&gt;" in rendered  # shown, as text


def test_markdown_text_escapes_every_active_character_by_hand():
    assert markdown_text("a|b") == "a\\|b"
    assert markdown_text("<b>") == "&lt;b&gt;"
    assert markdown_text("x\ny") == "x⏎y"
    assert markdown_text("x\r\ny") == "x⏎y"
    assert markdown_text("[a](b) *c* _d_ `e`") == "\\[a\\](b) \\*c\\* \\_d\\_ \\`e\\`"
    assert markdown_text("\u202ecod.exe") == "&lt;U+202E&gt;cod.exe"
    assert markdown_text("\u2066x\u2069\u200e\u200f") == (
        "&lt;U+2066&gt;x&lt;U+2069&gt;&lt;U+200E&gt;&lt;U+200F&gt;")
    assert markdown_text(None) == ""


def test_html_text_escapes_markup_and_shows_bidi_controls():
    assert html_text('<img src="x">') == "&lt;img src=&quot;x&quot;&gt;"
    assert html_text("a\u202eb") == "a&lt;U+202E&gt;b"


def test_status_table_keeps_one_row_per_file_and_nothing_renders():
    rows = [{"name": HOSTILE_NAME, "report_id": "r<1>", "status": "error", "reason": "bad | worse\nline"},
            {"name": "plain.txt", "report_id": None, "status": "published", "reason": ""}]
    rendered = _render(status_table_markdown(rows))
    assert rendered.count("<tr>") == 3  # header and exactly two rows: the newline did not split one
    _assert_inert(rendered)
    assert "evil&lt;img src=x onerror=alert(1)&gt;|[link](http://x)⏎*bold*_u_`code`" in rendered


def test_check_metadata_rows_are_a_table_of_plain_text():
    # a table (not markdown) in the check's metadata: the UI shows each cell as text, so nothing in a
    # report's values can become markup; the values are kept exactly, not escaped twice
    rows = [{"report_id": "<script>x</script>", "check": "c", "values": {"title": HOSTILE_NAME},
             "accepted": False}]
    table = _rows_table(rows)
    [record] = table.records
    assert record.data == {"report_id": "<script>x</script>", "check": "c", "values": f"title={HOSTILE_NAME}",
                           "accepted": False}
    assert [c.name for c in table.schema.columns] == ["report_id", "check", "values", "accepted"]


def test_changes_markdown_is_inert():
    changed = {"key": {"report_id": "wigan"}, "columns": {"title": {"before": "Old", "after": HOSTILE_NAME}}}
    table = {"status": "present", "rows_before": 1, "rows_after": 1,
             "schema": {"added_columns": [], "removed_columns": [], "type_changes": [],
                        "nullable_changes": [], "description_changes": []},
             "added": {"count": 0, "rows": []}, "removed": {"count": 0, "rows": []},
             "changed": {"count": 1, "rows": [changed]}}
    diff = {"from": "2026-11-22.1", "to": "2026-11-22.2", "tables": {"reports": table},
            "summary": {"rows_added": 0, "rows_removed": 0, "rows_changed": 1,
                        "reports_affected": ["wigan`<img src=x onerror=alert(2)>"]}}
    rendered = _render(render_changes_markdown(diff))
    _assert_inert(rendered.replace("<code>reports</code>", "").replace("<code>title</code>", "")
                  .replace("<code>2026-11-22.1</code>", "").replace("<code>2026-11-22.2</code>", ""))


def test_quality_html_shows_bidi_controls_as_code_points():
    quality = {"verdict": "partial", "summary": {}, "reports": {}, "rules": [],
               "inputs": [{"name": HOSTILE_NAME, "report_id": None, "status": "error", "reason": "x",
                           "sha256": "ab"}]}
    page = render_quality_html(quality, [])
    assert "\u202e" not in page and "&lt;U+202E&gt;" in page
    assert "<img" not in page


def _by_character(text: str, *, markdown: bool) -> str:
    """The escapers' rule applied one character at a time, as the module's docstring states it."""
    out = []
    for ch in text.replace("\r\n", "\n") if markdown else text:
        if ch in "\n\r":
            out.append("⏎" if markdown else ch)
        elif _invisible(ch):
            out.append(f"&lt;U+{ord(ch):04X}&gt;")
        elif ch in "<>&":
            out.append({"<": "&lt;", ">": "&gt;", "&": "&amp;"}[ch])
        elif markdown and ch in "\\`*_[]|#!~":
            out.append("\\" + ch)
        elif not markdown and ch in "\"'":
            out.append({'"': "&quot;", "'": "&#x27;"}[ch])
        else:
            out.append(ch)
    return "".join(out)


def test_escapers_treat_every_character_as_the_per_character_rule_does():
    # the escapers work in one regex pass; every code point of the BMP's first 12,288 and the specials
    # the rule names come out as the rule says, alone and inside text
    specials = ["\u2028", "\u2029", "\ufeff", *sorted(BIDI_CONTROLS), "\U0001f600"]
    chars = [chr(c) for c in range(0x3000)] + specials
    for ch in chars:
        for text in (ch, f"a{ch}b", f"{ch}\r\n{ch}"):
            assert html_text(text) == _by_character(text, markdown=False), repr(text)
            assert markdown_text(text) == _by_character(text, markdown=True), repr(text)
