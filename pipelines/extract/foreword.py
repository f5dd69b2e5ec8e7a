"""The overall rating as the foreword states it ("We have rated Sunderland PDU as 'Good' overall"), for a
report whose text has no ratings section (a web page saved without its ratings table, say).

Belongs here: finding the sentence about THIS inspection's overall rating in the foreword and reading its
rating. A foreword often recalls an earlier inspection first ("When we last inspected ... in 2019, we
rated it as 'Inadequate' overall"); such a sentence is never taken. Does not belong here: the ratings
section (ratings.py) or comparing the two (crosscheck.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.extract.bands import canonical_rating
from pipelines.extract.document import Doc
from pipelines.extract.structure import Structure, heading_key

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])|\n\s*\n")
_RATING_WORD = r"outstanding|good|requires\s+improvement|inadequate"
# "rated Sunderland PDU as 'Good' overall", "an overall rating of 'Requires improvement'"
# the rating in quotation marks, as forewords print it: 'rated as inadequate against ...' is prose
_RATED = re.compile(rf"\brat(?:ed|e|ing)\b[^.]*?['\"]({_RATING_WORD})['\"]", re.IGNORECASE)
# "an overall rating for information and facilities of 'Good'": a standard's, not the report's
_OF_A_STANDARD = re.compile(r"\boverall\s+rating\s+for\b", re.IGNORECASE)
_THIS_OVERALL = re.compile(r"^(?:this|the|that)\s+(?:overall\s+)?rating\b", re.IGNORECASE)
_EARLIER = re.compile(
    r"\b(?:last|previous(?:ly)?|earlier|prior|before|former(?:ly)?|had\s+been|was\s+rated|were\s+rated"
    r"|in\s+(?:19|20)\d\d|since\s+(?:our|the)|up\s+from|down\s+from"
    r"|from\s+['\"]?(?:" + _RATING_WORD + r"))\b", re.IGNORECASE)
_THIS = re.compile(r"\b(?:this\s+inspection|have\s+rated|has\s+been\s+rated|is\s+rated|are\s+rating"
                   r"|we\s+rate|now\s+rated|rated\s+it\s+now)\b", re.IGNORECASE)
_FOREWORD_SPAN = 8000  # characters after the heading, when no later heading closes the foreword


@dataclass(frozen=True)
class ForewordRating:
    rating: str
    start: int  # offset of the sentence it was read from
    sentence: str


def _foreword_span(doc: Doc, st: Structure) -> tuple[int, int] | None:
    for idx, h in enumerate(st.headings):
        if h.kind == "top" and heading_key(h.text) == "foreword":
            stop = st.section_stop(idx, len(doc.lines))
            start = doc.lines[h.line].end
            end = doc.lines[stop].start if stop < len(doc.lines) else len(doc.text)
            return start, min(end, start + _FOREWORD_SPAN)
    return None


def _rating_of_this_inspection(sentence: str, following: str = "") -> str | None:
    """The rating a sentence gives this inspection overall ('overall' in it, or the next sentence opening
    'This overall rating ...'), or None when it speaks of an earlier one or of a standard."""
    if _OF_A_STANDARD.search(sentence):
        return None
    if "overall" not in sentence.lower() and not (_THIS_OVERALL.match(following)
                                                  and "overall" in following[:40].lower()):
        return None
    this, earlier = _THIS.search(sentence), _EARLIER.search(sentence)
    if this is None and earlier is not None:
        return None
    # with a clause about this inspection, the first rating after it and before any words about an
    # earlier one ('we have rated it as Good, up from Inadequate when we last inspected')
    lo = this.start() if this else 0
    later = _EARLIER.search(sentence, lo)
    hi = later.start() if later else len(sentence)
    m = _RATED.search(sentence, lo, hi) or _RATED.search(sentence[:hi])
    if m is None and lo > 0 and not _EARLIER.search(sentence, 0, lo):
        m = _RATED.search(sentence)  # 'Sunderland PDU is rated ...': the verb before the clause
    return canonical_rating(" ".join(m.group(1).split())) if m else None


def foreword_rating(doc: Doc, st: Structure) -> ForewordRating | None:
    """The first sentence of the foreword that rates this inspection overall, with its rating."""
    span = _foreword_span(doc, st)
    if span is None:
        return None
    start, end = span
    text = doc.text[start:end]
    sentences: list[tuple[int, str]] = []  # (offset in text, sentence with its spaces collapsed)
    pos = 0
    for m in [*_SENTENCE_END.finditer(text), None]:
        stop = m.start() if m else len(text)
        raw = text[pos:stop]
        if raw.strip():
            sentences.append((pos + len(raw) - len(raw.lstrip()), " ".join(raw.split())))
        pos = m.end() if m else stop
    for n, (offset, sentence) in enumerate(sentences):
        following = sentences[n + 1][1] if n + 1 < len(sentences) else ""
        if rating := _rating_of_this_inspection(sentence, following):
            return ForewordRating(rating, start + offset, sentence)
    return None
