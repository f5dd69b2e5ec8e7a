"""Text clean-up before parsing: one canonical form of a report's text that every char offset points into.

Belongs here: line endings, Unicode quotes/dashes/spaces, markdown bold/italic/links/escapes, inline
superscript footnote markers, rating words broken by conversion, running page headers/footers and page
numbers, then hard-wrapped lines rejoined (reflow.py). Does not belong here: decoding bytes (readers/) or
recognising report structure (parsing modules).
"""

from __future__ import annotations

import re
from collections import Counter

from pipelines.extract.model import Issue
from pipelines.extract.reflow import reflow, runs_together, wrap_width

SUPERSCRIPTS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"

_CHAR_MAP: dict[str, str] = {
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2022": "-", "\u25cf": "-", "\u25aa": "-", "\uf0b7": "-", "\u00b7": "-",
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ", "\u3000": " ",
    "\u2026": "...", "\x0c": "\n",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st",
    "\ufb06": "st",
    "\ufeff": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u00ad": "",
}


_BOLD = re.compile(r"\*\*([^\n]+?)\*\*")
_BOLD_UNDERSCORE = re.compile(r"__([^\n]+?)__")
_ITALIC = re.compile(r"\*(?<![\w*]\*)(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_HARD_BREAK = re.compile(r"(?<!\\)\\$", re.MULTILINE)  # markdown's hard line break: a backslash ending a line
_ESCAPE = re.compile(r"\\([()\[\]*_#.\-!+`{}])")
_MD_HEADING = re.compile(r"\n#{1,6}[ \t]+")
_MD_FOOTNOTE_REF = re.compile(r"\[\^\d+\]")
_PAGE_NUMBER = re.compile(r"(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?", re.IGNORECASE)
_BACK_TO_TOP = re.compile(r"[ \t]*\(?\b[Bb]ack to top\b\)?[ \t]*$", re.MULTILINE)
_PIPE_SEPARATOR = re.compile(r"\|(?:\s*:?-{3,}:?\s*\|)+")
_DIGITS = frozenset("0123456789")
_SHORT_LINE = 60  # a rating word broken across two lines is looked for only in short lines


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


_RATING_ENDS = frozenset("dDeEgGtT")  # last letters of the rating words
_BREAK_CHARS = frozenset(" -\n")
_LAST_PAIRS = frozenset(a + b for a in "nNoOtT -" for b in _RATING_ENDS)  # how a rating word can end
_PHRASES = ("outstanding", "good", "requiresimprovement", "inadequate")
_WORD_TAIL = 40  # a rating word broken by conversion is looked for in the last characters of a line


def _squeezed(text: str) -> str:
    return text.replace(" ", "").replace("-", "").replace("\n", "").lower()


def _rejoin_tail(text: str) -> str | None:
    """The text with a rating word that ends it (before an optional full stop) rejoined where conversion
    broke it ('Inadeq uate', 'Requires improve- ment', 'Requires\\nimprovement'); None when no whole
    rating word ends the text."""
    end = len(text) - 1 if text.endswith(".") else len(text)
    if end <= 0 or text[end - 1] not in _RATING_ENDS:
        return None
    squeezed = _squeezed(text[max(0, end - _WORD_TAIL):end])
    phrase = next((p for p in _PHRASES if squeezed.endswith(p)), None)
    if phrase is None:
        return None
    k, letters = end, 0
    while letters < len(phrase):
        k -= 1
        if text[k] not in _BREAK_CHARS:
            letters += 1
    if k > 0 and text[k - 1].isalnum():
        return None  # the letters end a longer word
    word = text[k:end].replace(" ", "").replace("-", "").replace("\n", "")
    if phrase == "requiresimprovement":
        word = f"{word[:8]} {word[8:]}"
    return text[:k] + word + text[end:]


def _repair_rating_words(lines: list[str]) -> list[str]:
    """Rejoin rating words broken by conversion at the ends of lines, within a line or across two."""
    out: list[str] = []
    pairs = _LAST_PAIRS
    for line in lines:
        # cheap first test: the last two letters of a rating word, or a break before its last letter
        if line[-2:] not in pairs and (line[-1:] != "." or line[-3:-1] not in pairs):
            out.append(line)
        elif (fixed := _rejoin_tail(line)) is not None:
            out.append(fixed)
        elif out and out[-1] and len(line) <= _SHORT_LINE and len(out[-1]) <= _SHORT_LINE \
                and any(p.endswith(_squeezed(line.rstrip("."))) for p in _PHRASES) \
                and (fixed := _rejoin_tail(out[-1] + "\n" + line)) is not None:
            out[-1] = fixed
        else:
            out.append(line)
    return out


def _pipe_rows_to_tabs(lines: list[str]) -> list[str]:
    """Markdown table rows ('| question | 64% |') as TAB-joined cells, the way the other readers print a
    table row; the separator row under the header ('| --- | --- |') goes."""
    out: list[str] = []
    for line in lines:
        if len(line) < 3 or line[0] != "|" or line[-1] != "|" or line.count("|") < 3:
            out.append(line)
        elif _PIPE_SEPARATOR.fullmatch(line) is None:
            out.append("\t".join(cell.strip() for cell in line[1:-1].split("|")))
    return out


def _collapse_spaces(text: str) -> str:
    while "  " in text:  # a few C-speed passes: far faster than a regex that stops at every space
        text = text.replace("   ", " ").replace("  ", " ")
    return text


# Cyrillic and Greek letters drawn like Latin ones (Unicode's confusables), one for one
_CONFUSABLES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u04bb"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0406\u0408\u0405"
    "\u03bf\u03b1\u03bd\u039f\u0391\u0392\u0395\u0397\u0399\u039a\u039c\u039d\u03a1\u03a4\u03a7",
    "aeopcyxijsdhABEKMHOPCTXIJSoavOABEHIKMNPTX")
_CONFUSABLE_CHARS = re.compile("[\u0391-\u03c9\u0400-\u052f]")
# a word mixing Latin letters with look-alikes: a spoofed or mis-encoded word, not Greek or Russian text
_MIXED_WORD = re.compile("[^\\W\\d_]*[\u0391-\u03c9\u0400-\u052f][^\\W\\d_]*")


def _fold_confusables(text: str) -> tuple[str, list[Issue]]:
    """Fold look-alike letters inside otherwise Latin words ('G\u043e\u043ed' -> 'Good'), one character for
    one so offsets hold, with a warning naming the words folded."""
    words: list[str] = []

    def fold(m: re.Match[str]) -> str:
        word = m.group(0)
        latin = word.translate(_CONFUSABLES)
        if latin == word or not latin.isascii() or not any(c.isascii() for c in word):
            return word
        words.append(word)
        return latin

    text = _MIXED_WORD.sub(fold, text)
    if not words:
        return text, []
    names = ", ".join(sorted({repr(w) for w in words}))[:200]
    return text, [Issue("warning", "confusable_letters_folded",
                        f"{len(words)} word(s) written with look-alike Cyrillic or Greek letters were read "
                        "as "
                        f"Latin: {names}")]


def normalise(text: str) -> str:
    """The normalised text of a report; char offsets of every extracted row point into it."""
    return normalise_with_issues(text)[0]


def _map_special(text: str) -> str:
    # one str.replace per character present is far faster than a regex or str.translate over the text
    for char, replacement in _CHAR_MAP.items():
        if char in text:
            text = text.replace(char, replacement)
    return text


def normalise_with_issues(text: str) -> tuple[str, list[Issue]]:
    """Normalised text plus warnings about what was removed (running headers, page numbers)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isascii():
        text = _map_special(text)
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
        text = _MD_HEADING.sub("\n", "\n" + text)[1:]
    if "*" in text:
        text = _ITALIC.sub(r"\1", text).replace("**", "")
    if "\\" in text:
        text = _HARD_BREAK.sub("", _ESCAPE.sub(r"\1", text))
    if "ack to top" in text:  # a web page's headings end in a "(Back to top)" link
        text = _BACK_TO_TOP.sub("", text)
    folded: list[Issue] = []
    if not text.isascii() and _CONFUSABLE_CHARS.search(text):
        text, folded = _fold_confusables(text)
    lines = [line.strip(" \t") for line in _collapse_spaces(text).split("\n")]
    if "|" in text:
        lines = _pipe_rows_to_tabs(lines)
    text, issues = _drop_page_furniture(_repair_rating_words(lines))
    issues = folded + issues
    lines = text.split("\n")
    width = wrap_width(lines)
    if width is not None:
        text = "\n".join(reflow(lines, width)) + "\n"
        issues.append(Issue("warning", "hard_wrapped_text_reflowed",
                            f"the text was wrapped at about {width} characters a line (a PDF's text layer): "
                            "lines were rejoined into paragraphs"))
    elif runs_together(lines):
        text = "\n".join(reflow(lines, None)) + "\n"
        issues.append(Issue("warning", "blocks_separated",
                            "the text has no blank lines between its paragraphs and headings: they were "
                            "told apart by their form"))
    return text, issues


# Lines the parsers read that recur in every report; repeated, they are still not page furniture.
_RATING_ONLY = re.compile(
    r"^(?:(?:overall\s+)?rating:?\s*)?(?:outstanding|good|requires\s+improvement|inadequate)\.?$",
    re.IGNORECASE)
_STRUCTURAL_PREFIXES = ("key question", "percentage", "strengths", "areas for improvement", "outcomes")


def _is_structural(line: str) -> bool:
    return (
        len(line) > 120
        or line.endswith((":", "?", "%", ".", ";", ","))  # page furniture does not end a sentence
        or "\t" in line
        or line[0] in "-\"'" + SUPERSCRIPTS
        or line[0].isdigit()
        or _RATING_ONLY.match(line) is not None
        # a wrapped line of a repeated sentence (a footnote in every standard), not a header; a web
        # address in a footer is furniture all the same
        or (line[0].islower() and not any(w in line for w in ("www.", "http", ".gov.uk", ".org")))
        or line.lower().startswith(_STRUCTURAL_PREFIXES)
    )


def _drop_page_furniture(lines: list[str]) -> tuple[str, list[Issue]]:
    while lines and not lines[-1]:
        lines.pop()
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    lines = lines[first:]
    counts = Counter(lines)
    headers = {line for line, n in counts.items() if n >= 3 and line and not _is_structural(line)}
    kept = [line for line in lines if not line or line[-1] not in _DIGITS or not _PAGE_NUMBER.fullmatch(line)]
    dropped_numbers = len(lines) - len(kept)
    if headers:
        kept = [line for line in kept if line not in headers]
    issues: list[Issue] = []
    if headers:
        names = "; ".join(sorted(headers))[:200]
        issues.append(Issue("warning", "running_header_removed",
                            f"removed {len(headers)} repeated page header/footer line(s): {names}"))
    if dropped_numbers:
        issues.append(Issue("warning", "page_numbers_removed",
                            f"removed {dropped_numbers} page-number line(s)"))
    kept.append("")
    return "\n".join(kept), issues
