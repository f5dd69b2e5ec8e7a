"""Escaping of text that came from a report or a file name, for every Markdown and HTML output (CHANGES.md,
Dagster metadata tables, the quality report).

Such text is data, never markup: Markdown's active characters are escaped, `<`, `>` and `&` become
entities, line breaks are shown as a visible ⏎, and control and bidirectional formatting characters
(which could reorder or hide what a reader sees) are shown as their code point, e.g. `<U+202E>`, never
applied. Only escaping belongs here; what goes in a table or a page does not.
"""

from __future__ import annotations

from html import escape as _html_escape
from typing import Any

NEWLINE_MARK = "⏎"
# Bidirectional embeddings, overrides and isolates, and the left-to-right / right-to-left marks.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
_MARKDOWN_ACTIVE = frozenset("\\`*_[]|#!~")
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def _code_point(ch: str) -> str:
    return f"&lt;U+{ord(ch):04X}&gt;"


def _invisible(ch: str) -> bool:
    """A character that would change the display instead of showing: bidi controls, C0/C1 controls but
    tab, the line and paragraph separators, the byte-order mark."""
    code = ord(ch)
    return (ch in BIDI_CONTROLS or (code < 0x20 and ch != "\t") or 0x7f <= code < 0xa0
            or ch in "\u2028\u2029\ufeff")


def markdown_text(value: Any) -> str:
    """`value` as inert Markdown text (safe in a table cell or a list item); None as an empty string."""
    if value is None:
        return ""
    out = []
    text = str(value).replace("\r\n", "\n")
    for ch in text:
        if ch in "\n\r":
            out.append(NEWLINE_MARK)
        elif _invisible(ch):
            out.append(_code_point(ch))
        elif ch in _ENTITIES:
            out.append(_ENTITIES[ch])
        elif ch in _MARKDOWN_ACTIVE:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def html_text(value: Any) -> str:
    """`value` as HTML text (safe in an element or a quoted attribute); None as an empty string. Line
    breaks stay (HTML shows them as spaces); control and bidi characters are shown as code points."""
    if value is None:
        return ""
    text = _html_escape(str(value), quote=True)
    return "".join(_code_point(ch) if ch not in "\n\r" and _invisible(ch) else ch for ch in text)


def markdown_row(cells: list[Any]) -> str:
    """One Markdown table row of escaped cells."""
    return "| " + " | ".join(markdown_text(c) for c in cells) + " |"
