"""Read strengths, areas for improvement and quotes from the sections of the report's domains.

A finding is a bullet under a "Strengths:" or "Areas for improvement:" label (or, in a copy that lost its
list markers, each paragraph under one). A bullet continues over
wrapped lines, and over a blank line, footnote or page break when its text stops mid-sentence and the
next paragraph starts in lower case. A quote is a line wholly in quotation marks; a quoted line that a
bullet introduces with a colon ("..., as illustrated:") is part of that bullet instead.

Belongs here: findings and quotes rows. Does not belong here: headings (structure.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.clean import SUPERSCRIPTS
from pipelines.extract.document import Doc, bullet_offset, clean_spaces, is_footnote, quote_text

_LABEL = re.compile(r"^(strengths?|areas? (?:for|of) improvement|areas? to improve)\s*:?$", re.IGNORECASE)
_SPEECH = re.compile(
    r"\b(?:said|says|told|noted|remarked|added|commented|stated|explained|described|shared|respondents?|"
    r"comments?|feedback|quotes?|in (?:his|her|their) words)\b[^.]*:$", re.IGNORECASE)
_TERMINAL = ".!?:;\")'"
_MAYBE_FOOTNOTE = frozenset(SUPERSCRIPTS + "[")  # with digits: first characters of a footnote line
_MAYBE_BULLET = frozenset("-*+(0123456789")  # with "x)": first characters of a bullet line


@dataclass
class Item:
    kind: str | None
    start: int
    end: int
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return clean_spaces(" ".join(self.parts))


@dataclass
class Finding:
    kind: str
    text: str
    start: int
    end: int


@dataclass
class Quote:
    text: str
    start: int
    end: int


def parse_section_findings(doc: Doc, lo: int, hi: int, unbulleted: bool = False
                           ) -> tuple[list[Finding], list[Quote], list[int]]:
    """Findings and quotes between line lo (exclusive: the heading) and hi. With `unbulleted` (a copy
    that lost its list markers, such as the text of a web page), every paragraph under a label is a
    finding. Also returns the char offsets of bullets under no label, which are not findings."""
    items: list[Item] = []
    quotes: list[Quote] = []
    kind: str | None = None
    item: Item | None = None
    gap = False
    for line in doc.lines[lo + 1: hi]:
        text = line.text
        if not text:
            gap = True
            continue
        first = text[0]
        if (first in _MAYBE_FOOTNOTE or first.isdigit()) and is_footnote(text):
            gap = True
            continue
        if first in "SsAa" and len(text) < 40 and (m := _LABEL.match(text)) is not None:
            item = None
            kind = "strength" if m.group(1).lower().startswith("strength") else "improvement"
            gap = False
            continue
        offset = bullet_offset(text) if first in _MAYBE_BULLET or text[1:2] == ")" else 0
        if unbulleted and kind is not None and quote_text(text) is None and (
                item is None or item.parts[-1][-1] in _TERMINAL or not first.islower()):
            item = Item(kind, line.start, line.end, [text])
            items.append(item)
        elif offset:
            item = Item(kind, line.start + offset, line.end, [text[offset:]])
            items.append(item)
        elif (quoted := quote_text(text)) is not None:
            last = item.parts[-1] if item else ""
            if item is not None and last.endswith(":") and not _SPEECH.search(last):
                item.parts.append(text)
                item.end = line.end
            else:
                quotes.append(Quote(quoted, line.start + 1, line.start + 1 + len(quoted)))
                item = None
        elif item is not None and (not gap or (text[0].islower() and item.parts[-1][-1] not in _TERMINAL)):
            item.parts.append(text)
            item.end = line.end
        else:
            item = None
        gap = False
    findings = [Finding(it.kind, it.text, it.start, it.end) for it in items if it.kind is not None]
    unlabelled = [it.start for it in items if it.kind is None]
    return findings, quotes, unlabelled
