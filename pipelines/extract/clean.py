"""Text clean-up before parsing: one canonical form of a report's text that every char offset points into.

Belongs here: line endings, Unicode quotes/dashes/spaces, markdown bold/italic/links/escapes, inline
superscript footnote markers, rating words broken by conversion, running page headers/footers and page
numbers. Does not belong here: decoding bytes (readers/) or recognising report structure (parsing modules).
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.extract.model import Issue

SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"

_CHAR_MAP: dict[str, str] = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2022": "-", "\u25cf": "-", "\u25aa": "-", "\uf0b7": "-", "\u00b7": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
    "\u2026": "...", "\x0c": "\n",
    "\ufeff": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u00ad": "",
}
_SPECIAL = re.compile("[" + "".join(_CHAR_MAP) + "]")

_BOLD = re.compile(r"\*\*([^\n]+?)\*\*")
_BOLD_UNDERSCORE = re.compile(r"__([^\n]+?)__")
_ITALIC = re.compile(r"\*(?<![\w*]\*)(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_ESCAPE = re.compile(r"\\([()\[\]*_#.\-!+`{}])")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_FOOTNOTE_REF = re.compile(r"\[\^\d+\]")
_SPACE_RUNS = re.compile(r"[ ]{2,}")
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?", re.IGNORECASE)
_SHORT_LINE = 60  # rating words are only looked for in short lines and in the tail of long ones
_TAIL = 48


def _broken(word: str) -> str:
    # letters of a word with at most one conversion break (hyphen and/or space/newline) between any two
    return r"(?:-?[ \n]?)".join(re.escape(c) for c in word)


_RATING_WORDS = ("Outstanding", "Inadequate", "Requires", "improvement")
_BROKEN_WORD = re.compile(
    r"\b(?:" + "|".join(_broken(w) for w in _RATING_WORDS) + r")\b", re.IGNORECASE
)
_SPLIT_REQUIRES = re.compile(r"\bRequires\n+improvement\b")
_BREAKS = str.maketrans({"-": None, " ": None, "\n": None})
# a word broken once keeps its first or its last half intact: a cheap test before the regex
_HALVES = tuple(
    part for w in _RATING_WORDS for part in (w[: (len(w) + 1) // 2].lower(), w[len(w) // 2:].lower())
)


def _join_word(m: re.Match[str]) -> str:
    return m.group(0).translate(_BREAKS)


def _drop_inline_marker(m: re.Match[str]) -> str:
    # a marker at the start of a line introduces a footnote and is kept; one after a word is dropped
    start = m.start()
    if start == 0 or m.string[start - 1] in "\n \t":
        return m.group(0)
    return ""


def _drop_inline_superscripts(text: str) -> str:
    # str.find per marker is much faster than a regex scan of the whole text for a character class
    cuts: list[int] = []
    for c in SUPERSCRIPTS:
        pos = text.find(c)
        while pos != -1:
            k = pos - 1
            while k >= 0 and text[k] in SUPERSCRIPTS:
                k -= 1
            if k >= 0 and text[k] not in "\n \t":  # after a word: a reference; at a line start: a footnote
                cuts.append(pos)
            pos = text.find(c, pos + 1)
    if not cuts:
        return text
    cuts.sort()
    parts, prev = [], 0
    for pos in cuts:
        parts.append(text[prev:pos])
        prev = pos + 1
    parts.append(text[prev:])
    return "".join(parts)


def _fix_rating_words(text: str) -> str:
    if "Requires\n" in text:
        text = _SPLIT_REQUIRES.sub("Requires improvement", text)
    low = text.lower()
    if not any(half in low for half in _HALVES):
        return text
    return _BROKEN_WORD.sub(_join_word, text)


def normalise(text: str) -> str:
    """The normalised text of a report; char offsets of every extracted row point into it."""
    return normalise_with_issues(text)[0]


def normalise_with_issues(text: str) -> tuple[str, list[Issue]]:
    """Normalised text plus warnings about what was removed (running headers, page numbers)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _SPECIAL.sub(lambda m: _CHAR_MAP[m.group(0)], text)
        if any(c in text for c in SUPERSCRIPTS):
            text = _drop_inline_superscripts(text)
    if "[^" in text:
        text = _MD_FOOTNOTE_REF.sub(_drop_inline_marker, text)
    if "**" in text:
        text = _BOLD.sub(r"\1", text)
    if "__" in text:
        text = _BOLD_UNDERSCORE.sub(r"\1", text)
    if "](" in text:
        text = _LINK.sub(r"\1", text)
    if text.startswith("#") or "\n#" in text:
        text = _MD_HEADING.sub("", text)
    if "*" in text:
        text = _ITALIC.sub(r"\1", text).replace("**", "")
    if "\\" in text:
        text = _ESCAPE.sub(r"\1", text)
    lines = text.split("\n")
    out: list[str] = []
    block: list[str] = []  # consecutive short lines, checked together so breaks across lines are seen
    for raw in lines:
        line = raw.strip(" \t")
        if "  " in line:
            line = _SPACE_RUNS.sub(" ", line)
        if len(line) <= _SHORT_LINE:
            block.append(line)
            continue
        if block:
            out.append(_fix_rating_words("\n".join(block)))
            block = []
        out.append(line[:-_TAIL] + _fix_rating_words(line[-_TAIL:]))
    if block:
        out.append(_fix_rating_words("\n".join(block)))
    return _drop_page_furniture("\n".join(out).strip("\n") + "\n")


def _is_structural(line: str) -> bool:
    return (
        len(line) > 120
        or line.endswith(":")
        or "\t" in line
        or line[0] in "-\"'" + SUPERSCRIPTS
        or line[0].isdigit()
        or line.lower() in {"outstanding", "good", "requires improvement", "inadequate"}
    )


def _drop_page_furniture(text: str) -> tuple[str, list[Issue]]:
    lines = text.split("\n")
    counts = Counter(line for line in lines if line)
    headers = {line for line, n in counts.items() if n >= 3 and not _is_structural(line)}
    kept: list[str] = []
    dropped_numbers = 0
    for line in lines:
        if line in headers:
            continue
        if line and line[-1].isdigit() and _PAGE_NUMBER.fullmatch(line):
            dropped_numbers += 1
            continue
        kept.append(line)
    issues: list[Issue] = []
    if headers:
        names = "; ".join(sorted(headers))[:200]
        issues.append(Issue("warning", "running_header_removed",
                            f"removed {len(headers)} repeated page header/footer line(s): {names}"))
    if dropped_numbers:
        issues.append(Issue("warning", "page_numbers_removed",
                            f"removed {dropped_numbers} page-number line(s)"))
    return "\n".join(kept), issues
