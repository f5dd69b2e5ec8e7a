"""Find the report's headings and its big blocks: contents entries, top-level headings, the ratings page,
the recommendations block, domain and standard headings, and unnumbered sub-section headings.

Belongs here: deciding which lines are headings and at what level. Does not belong here: reading values
(ratings, percentages, findings) from the text under the headings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.extract.document import (
    Doc,
    clean_spaces,
    is_footnote,
    quote_text,
    rating_line,
    split_trailing_rating,
)

_CONTENTS_ENTRY = re.compile(r"^(.*?[^.\s])[\s.]*?(?:\.{2,}|\t| )\s*\.*\s*(\d{1,3})$")
_DOT_LEADER = re.compile(r"^(.*?[^.\s])\s*\.{3,}$")  # a contents entry whose page number was lost
_DOMAIN = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
# "2.2 Assessment", "2.2. Assessment", "2.2 - Assessment"
_STANDARD = re.compile(r"^(\d{1,2})\.(\d{1,2})\.?(?:\s*[-:])?\s+(\S.*)$")
_ANNEXE = re.compile(r"^(?:annexe?|appendix|appendices)\b", re.IGNORECASE)
_KNOWN_TOP = frozenset({
    "contents", "acknowledgements", "acknowledgments", "foreword", "ratings", "recommendations",
    "background", "introduction", "executive summary", "summary", "overview", "context", "glossary",
    "methodology", "the role of hm inspectorate of probation", "summary of ratings", "key findings",
    "contents page", "references", "further information",
})
_LABELS = frozenset({
    "strengths", "strength", "areas for improvement", "area for improvement", "areas of improvement",
    "key question", "key questions",
})
_TABLE_HEADER_STARTS = ("key question", "percentage", "outcomes percentage", "'yes'")
_TERMINAL = ".,;:?!\"')"
MAX_HEADING = 90


def heading_key(text: str) -> str:
    return " ".join(text.replace(".", " ").split()).lower()


@dataclass
class Heading:
    line: int  # index in Doc.lines
    level: int
    kind: str  # "top", "domain", "standard", "sub"
    text: str  # as printed (a rating printed on the heading line removed)
    name: str  # domain/standard name without number; the text otherwise
    code: str | None = None  # "1" for a domain, "1.1" for a standard
    rating: str | None = None  # a rating printed on the heading line itself


@dataclass
class Structure:
    headings: list[Heading] = field(default_factory=list)
    contents: list[str] = field(default_factory=list)
    ratings_span: tuple[int, int] | None = None  # line range [start, stop)
    recommendations_span: tuple[int, int] | None = None

    def section_stop(self, index: int, doc_len: int) -> int:
        """Line index where the section of headings[index] ends (next heading at the same or higher level)."""
        level = self.headings[index].level
        for h in self.headings[index + 1:]:
            if h.level <= level:
                return h.line
        return doc_len

    def body_stop(self, index: int, doc_len: int) -> int:
        """Line index of the next heading of any level after headings[index]."""
        if index + 1 < len(self.headings):
            return self.headings[index + 1].line
        return doc_len


def _valid_name(name: str) -> bool:
    return (
        0 < len(name) <= MAX_HEADING
        and (name[0].isupper() or name[0].isdigit())
        and name[-1] not in _TERMINAL
        and "\t" not in name
        and len(name.split()) <= 12
    )


def _contents(doc: Doc) -> tuple[list[str], int]:
    """Contents entry names and the line index after the contents block (0 when there is none)."""
    i = next((k for k, line in enumerate(doc.lines[:400])
              if line.text.lower() in ("contents", "contents page", "table of contents")), None)
    if i is None:
        return [], 0
    names: list[str] = []
    j = i + 1
    while j < len(doc.lines):
        text = doc.lines[j].text
        if text:
            m = _CONTENTS_ENTRY.match(text) or _DOT_LEADER.match(text)
            if not m:
                break
            names.append(m.group(1).strip())
        elif names and doc.is_blank(j + 1):
            break
        j += 1
    return names, j


def _is_subheading(doc: Doc, i: int) -> bool:
    text = doc.lines[i].text
    if len(text) > 70 or text[-1] in _TERMINAL or not text[0].isupper():  # cheapest tests first
        return False
    if not doc.is_blank(i - 1) or not _valid_name(text):
        return False
    if text[0].isdigit() or is_footnote(text) or quote_text(text) or rating_line(text):
        return False
    key = heading_key(text)
    if key in _LABELS or key.startswith(_TABLE_HEADER_STARTS) or len(text.split()) > 8:
        return False
    if not doc.is_blank(i + 1) and doc.lines[i + 1].text[:1].islower():
        return False  # a sentence wrapped onto the next line, not a heading
    nxt = doc.next_nonblank(i + 1)
    return nxt is None or not rating_line(doc.lines[nxt].text)


def _list_goes_on(doc: Doc, i: int, number: str) -> bool:
    """The next line, with no blank between, is numbered on ('1. Home' then '2. Our inspections'): a
    numbered list, such as a web page's printed breadcrumb, not a domain heading."""
    if i + 1 >= len(doc.lines):
        return False
    m = _DOMAIN.match(doc.lines[i + 1].text)
    return m is not None and m.group(1).isdigit() and int(m.group(1)) == int(number) + 1


def _opens_its_standards(doc: Doc, i: int, number: str) -> bool:
    """The next non-blank line is a standard of this number ('2. Public protection' then '2.1. Keeping
    other people safe'): a domain heading, even inside a recommendations block that no contents page or
    ratings page names it in, not a numbered recommendation."""
    j = doc.next_nonblank(i + 1)
    m = _STANDARD.match(doc.lines[j].text) if j is not None else None
    return m is not None and int(m.group(1)) == int(number)


def find_structure(doc: Doc) -> Structure:
    st = Structure()
    st.contents, start = _contents(doc)
    contents_keys = {heading_key(_DOMAIN.sub(r"\2", n)) for n in st.contents}
    top_keys = _KNOWN_TOP | contents_keys
    domain_names: dict[str, str] = {}
    rated_codes: set[str] = set()
    in_domain = False
    ratings_start: int | None = None
    recs_start: int | None = None

    def close_block(i: int) -> None:
        nonlocal ratings_start, recs_start
        if ratings_start is not None and st.ratings_span is None:
            st.ratings_span = (ratings_start, i)
        if recs_start is not None and st.recommendations_span is None:
            st.recommendations_span = (recs_start, i)
        ratings_start = recs_start = None

    lines = doc.lines
    for i in range(start, len(lines)):
        text = lines[i].text
        if not text or len(text) > MAX_HEADING + 40:
            continue
        after_blank = i == 0 or not lines[i - 1].text
        if text.endswith("...") and _DOT_LEADER.match(text):
            continue  # a contents entry outside the contents block, never a heading
        numbered = text[0].isdigit()
        if not after_blank and not numbered:
            continue  # every heading but a standard's follows a blank line; a standard's is numbered
        if (after_blank and len(text) <= MAX_HEADING
                and ((key := heading_key(text)) in top_keys or _ANNEXE.match(text))
                and _DOMAIN.match(text) is None):
            close_block(i)
            in_domain = False
            st.headings.append(Heading(i, 1, "top", text, text))
            if key in ("ratings", "summary of ratings") and st.ratings_span is None:
                ratings_start = i
            elif key == "recommendations" and st.recommendations_span is None:
                recs_start = i
            continue
        in_ratings = ratings_start is not None
        m = _DOMAIN.match(text) if numbered else None
        if m and _valid_name(m.group(2)) and after_blank and not _list_goes_on(doc, i, m.group(1)):
            number, name = m.group(1), m.group(2)
            if in_ratings and number not in domain_names:
                domain_names[number] = name
                continue
            if recs_start is not None and heading_key(name) not in contents_keys | {
                heading_key(n) for n in domain_names.values()
            } and not _opens_its_standards(doc, i, number):
                continue
            close_block(i)
            in_domain = True
            st.headings.append(Heading(i, 1, "domain", clean_spaces(text), name, number))
            continue
        m = _STANDARD.match(text) if numbered else None
        if m:
            rest, rating = split_trailing_rating(m.group(3))
            if rating is None:
                rest = m.group(3)
            code = f"{int(m.group(1))}.{int(m.group(2))}"
            if _valid_name(rest) and (in_ratings or in_domain):
                if in_ratings and code not in rated_codes:
                    rated_codes.add(code)
                    continue
                if in_ratings:  # a code seen twice: the ratings page has ended without a heading
                    close_block(i)
                    in_domain = True
                printed = clean_spaces(text if rating is None else text[: m.start(3)] + rest.strip())
                st.headings.append(Heading(i, 2, "standard", printed, rest.strip(), code, rating))
                continue
        if in_domain and _is_subheading(doc, i):
            st.headings.append(Heading(i, 2, "sub", text, text))
    close_block(len(doc.lines))
    return st
