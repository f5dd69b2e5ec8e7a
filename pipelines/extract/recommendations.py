"""Read the recommendations block: addressee groups ("<addressee> should:") and the numbered
recommendations under them, one numbering running across the groups.

Belongs here: recommendation rows and the addressee level. Does not belong here: checking the numbering
(crosscheck.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.document import Doc, bullet_offset, clean_spaces

_ADDRESSEE = re.compile(r"^(?:The\s+)?(.{2,120}?)\s+should\s*:?$")
# "4. assist", and a two-digit number set close to its text by a conversion: "10.provide"
_ITEM = re.compile(r"^(\d{1,2})[.)](?:\s+|(?=[^\W\d_]))(\S.*)$")
_BARE_NUMBER = re.compile(r"^\d{1,2}[.)]?$")
_NATIONAL = re.compile(
    r"\b(?:HMPPS|HM Prison and Probation Service|Her Majesty's Prison and Probation Service|"
    r"Ministry of Justice|MoJ|Home Office|Department (?:of|for)|Youth Justice Board|YJB|"
    r"National Probation Service|Probation Service|Chief Probation Officer|Government|NHS England|"
    r"Director General|Secretary of State)\b", re.IGNORECASE)
_REGION = re.compile(r"\bregion(?:al)?\b|\bRegional Probation Director\b", re.IGNORECASE)
_LOCAL = re.compile(r"\b(?:PDU|YOS|YOT|YJS|management board|council|local authority|partnership|"
                    r"police|head of)\b", re.IGNORECASE)


@dataclass
class Recommendation:
    number: int
    addressee: str
    text: str
    start: int
    end: int


def addressee_level(addressee: str, inspected_body: str | None) -> str | None:
    low = addressee.lower()
    if inspected_body and (low == inspected_body.lower() or inspected_body.lower() in low):
        return "local"
    if _REGION.search(addressee):
        return "region"
    if _LOCAL.search(addressee):
        return "local"
    if _NATIONAL.search(addressee):
        return "national"
    if inspected_body and low.split()[0] == inspected_body.lower().split()[0]:
        return "local"
    return None


def has_numbered_items(doc: Doc, span: tuple[int, int]) -> bool:
    return any(_ITEM.match(line.text) for line in doc.lines[span[0] + 1: span[1]])


def parse_recommendations(doc: Doc, span: tuple[int, int], unnumbered: bool = False
                          ) -> tuple[list[Recommendation], list[int], list[int]]:
    """Recommendations in the block, char offsets of numbered items that had no addressee, and of list
    numbers standing alone on a line (parted from their text; not joined to a recommendation). With
    `unnumbered` (a copy that lost its list numbers), each paragraph after an addressee is the next
    recommendation, numbered on across the groups as the report numbers them."""
    recs: list[Recommendation] = []
    orphans: list[int] = []
    unused: list[int] = []  # char offsets of list numbers standing alone with no text after them
    pending: tuple[int, int] | None = None  # (number, offset) of a number on a line of its own
    addressee: str | None = None
    current: dict[str, object] | None = None
    gap = False

    def flush() -> None:
        nonlocal current
        if current is not None:
            recs.append(Recommendation(current["no"], current["addressee"],  # type: ignore[arg-type]
                                       clean_spaces(" ".join(current["parts"])),  # type: ignore[arg-type]
                                       current["start"], current["end"]))  # type: ignore[arg-type]
        current = None

    for line in doc.lines[span[0] + 1: span[1]]:
        text = line.text
        if not text:
            gap = True
            continue
        if (m := _ADDRESSEE.match(text)) is not None:
            flush()
            addressee = clean_spaces(text[: text.rfind("should")])
            gap = False
            continue
        if (m := _ITEM.match(text)) is not None:
            flush()
            if addressee is None:
                orphans.append(line.start)
            else:
                current = {"no": int(m.group(1)), "addressee": addressee, "parts": [m.group(2)],
                           "start": line.start + m.start(2), "end": line.end}
            gap = False
            continue
        if _BARE_NUMBER.match(text):  # a list number set on a line of its own: the next line is its text
            flush()
            if pending is not None:
                unused.append(pending[1])
            pending = (int(text.rstrip(".)")), line.start)
            gap = False
            continue
        if pending is not None and addressee is not None and _ADDRESSEE.match(text) is None:
            current = {"no": pending[0], "addressee": addressee, "parts": [text], "start": line.start,
                       "end": line.end}
            pending = None
            gap = False
            continue
        if pending is not None:
            unused.append(pending[1])
            pending = None
        if unnumbered and addressee is not None:  # one paragraph a line, and each is a recommendation
            flush()
            marker = bullet_offset(text)  # a bulleted list instead of a numbered one
            current = {"no": len(recs) + 1, "addressee": addressee, "parts": [text[marker:]],
                       "start": line.start + marker, "end": line.end}
        elif current is not None and (not gap or text[0].islower()):
            current["parts"].append(text)  # type: ignore[union-attr]
            current["end"] = line.end
        else:
            flush()
        gap = False
    flush()
    if pending is not None:
        unused.append(pending[1])
    return recs, orphans, unused
