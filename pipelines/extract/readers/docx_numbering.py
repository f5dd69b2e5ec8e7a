"""Word list numbering: which paragraphs are list items and the label Word would draw for each ("-" for a
bullet, "5." for the fifth item of a numbered list that runs across headings).

Follows the numbering part (w:num -> w:abstractNum -> w:lvl: numFmt, start, lvlText) for numbering set
on the paragraph or inherited from its style. Reading paragraphs and tables does not belong here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree


@dataclass(frozen=True)
class _Level:
    fmt: str
    start: int
    text: str


@dataclass(frozen=True)
class _Style:
    name: str
    ppr: etree._Element | None
    based_on: str | None


def _styles(document: Document) -> tuple[dict[str, _Style], str | None]:
    """Paragraph styles by id, read once (python-docx looks a paragraph's style up by a scan of every
    style, for each paragraph), and the default paragraph style's id."""
    try:
        root = document.styles.element
    except (KeyError, NotImplementedError, AttributeError):
        return {}, None
    out: dict[str, _Style] = {}
    default = None
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:type")) not in (None, "paragraph"):
            continue
        sid = style.get(qn("w:styleId"))
        name = style.find(qn("w:name"))
        based = style.find(qn("w:basedOn"))
        out[sid] = _Style(name.get(qn("w:val"), "") if name is not None else "", style.find(qn("w:pPr")),
                          based.get(qn("w:val")) if based is not None else None)
        if style.get(qn("w:default")) in ("1", "true"):
            default = sid
    return out, default


@dataclass
class Numbering:
    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId -> ilvl -> level
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    styles: dict[str, _Style] = field(default_factory=dict)
    default_style: str | None = None

    def style_id(self, paragraph: Paragraph) -> str | None:
        ppr = paragraph._p.pPr
        pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
        return pstyle.get(qn("w:val")) if pstyle is not None else self.default_style

    def style_name(self, paragraph: Paragraph) -> str:
        """The paragraph style's name as Word shows it ("Heading 2", "List Bullet"); "" when unknown."""
        style = self.styles.get(self.style_id(paragraph) or "")
        name = style.name if style else ""
        # python-docx's names for the built-in styles: Word stores "heading 2", shows "Heading 2"
        return name[:1].upper() + name[1:] if name.lower().startswith(("heading", "title")) else name

    @classmethod
    def of(cls, document: Document) -> Numbering:
        styles, default = _styles(document)
        made = cls._of(document)
        made.styles, made.default_style = styles, default
        return made

    @classmethod
    def _of(cls, document: Document) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return cls()
        abstract = {a.get(qn("w:abstractNumId")): a for a in root.findall(qn("w:abstractNum"))}
        levels: dict[str, dict[int, _Level]] = {}
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            definition = abstract.get(ref.get(qn("w:val")) if ref is not None else None)
            by_level = _levels(definition) if definition is not None else {}
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                if start is not None and ilvl in by_level:
                    old = by_level[ilvl]
                    by_level[ilvl] = _Level(old.fmt, _int(start.get(qn("w:val")), 1), old.text)
            levels[str(num.get(qn("w:numId")))] = by_level
        return cls(levels)

    def label(self, paragraph: Paragraph) -> str | None:
        """The list label of the paragraph, or None when it is not a list item."""
        num_id, ilvl = _num_pr(self, paragraph)
        style = self.style_name(paragraph)
        if num_id is None or num_id == "0":
            return "-" if style.lower().startswith("list bullet") else None
        level = self.levels.get(num_id, {}).get(ilvl)
        if level is None:
            return "-"
        if level.fmt == "bullet":
            return "-"
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        label = level.text or f"%{ilvl + 1}."
        for lvl in range(ilvl, -1, -1):
            known = self.levels[num_id].get(lvl)
            value = counts.get(lvl, known.start if known else 1)
            label = label.replace(f"%{lvl + 1}", _format(value, known.fmt if known else "decimal"))
        return label.strip() or None


def _levels(definition: etree._Element) -> dict[int, _Level]:
    out: dict[int, _Level] = {}
    for lvl in definition.findall(qn("w:lvl")):
        fmt = lvl.find(qn("w:numFmt"))
        start = lvl.find(qn("w:start"))
        text = lvl.find(qn("w:lvlText"))
        out[_int(lvl.get(qn("w:ilvl")), 0)] = _Level(
            fmt=fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
            start=_int(start.get(qn("w:val")), 1) if start is not None else 1,
            text=text.get(qn("w:val"), "") if text is not None else "",
        )
    return out


def _num_pr(numbering: Numbering, paragraph: Paragraph) -> tuple[str | None, int]:
    """numId and level set on the paragraph, else inherited through its style chain."""
    sources = [paragraph._p.pPr]
    style = numbering.styles.get(numbering.style_id(paragraph) or "")
    seen = 0
    while style is not None and seen < 20:
        sources.append(style.ppr)
        style, seen = numbering.styles.get(style.based_on or ""), seen + 1
    return _numbering_in(sources)


def _numbering_in(sources: list[etree._Element | None]) -> tuple[str | None, int]:
    num_id: str | None = None
    ilvl: int | None = None
    for ppr in sources:
        pr = ppr.find(qn("w:numPr")) if ppr is not None else None
        if pr is None:
            continue
        if num_id is None and pr.find(qn("w:numId")) is not None:
            num_id = pr.find(qn("w:numId")).get(qn("w:val"))
        if ilvl is None and pr.find(qn("w:ilvl")) is not None:
            ilvl = _int(pr.find(qn("w:ilvl")).get(qn("w:val")), 0)
    return num_id, ilvl or 0


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    numerals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]  # fmt: skip
    out = ""
    for number, numeral in numerals:
        while value >= number:
            out, value = out + numeral, value - number
    return out
