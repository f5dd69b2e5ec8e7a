"""Escaping of text that came from a report or a file name, for every Markdown and HTML output (CHANGES.md,
Dagster metadata tables, the quality report).

Such text is data, never markup: Markdown's active characters are escaped, `<`, `>` and `&` become
entities, line breaks are shown as a visible ⏎, and control and bidirectional formatting characters
(which could reorder or hide what a reader sees) are shown as their code point, e.g. `<U+202E>`, never
applied. Only escaping belongs here; what goes in a table or a page does not.
"""

from __future__ import annotations

import re
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


# `_invisible` as a character class, so each escaper is one regex pass over the text rather than a Python
# test per character (a quality report at 1,000 reports escapes about a million characters of excerpts).
# Line breaks are left to each escaper; tests/test_escape.py checks the class against `_invisible`.
_INVISIBLE_BUT_BREAKS = ("\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff"
                         + "".join(sorted(BIDI_CONTROLS)))
_HTML_SHOWN = re.compile(f"[{_INVISIBLE_BUT_BREAKS}]")
_MARKDOWN_MARKUP = re.escape("".join(sorted(_MARKDOWN_ACTIVE | set(_ENTITIES))))
_MARKDOWN_REPLACED = re.compile(f"[\n\r{_INVISIBLE_BUT_BREAKS}{_MARKDOWN_MARKUP}]")


def _markdown_replacement(match: re.Match[str]) -> str:
    ch = match.group()
    if ch in "\n\r":
        return NEWLINE_MARK
    if ch in _ENTITIES:
        return _ENTITIES[ch]
    if ch in _MARKDOWN_ACTIVE:
        return "\\" + ch
    return _code_point(ch)


def markdown_text(value: Any) -> str:
    """`value` as inert Markdown text (safe in a table cell or a list item); None as an empty string."""
    if value is None:
        return ""
    return _MARKDOWN_REPLACED.sub(_markdown_replacement, str(value).replace("\r\n", "\n"))


def html_text(value: Any) -> str:
    """`value` as HTML text (safe in an element or a quoted attribute); None as an empty string. Line
    breaks stay (HTML shows them as spaces); control and bidi characters are shown as code points."""
    if value is None:
        return ""
    return _HTML_SHOWN.sub(lambda m: _code_point(m.group()), _html_escape(str(value), quote=True))


def markdown_row(cells: list[Any]) -> str:
    """One Markdown table row of escaped cells."""
    return "| " + " | ".join(markdown_text(c) for c in cells) + " |"
