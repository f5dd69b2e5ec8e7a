"""Read a report published as a web page: the main content's headings, paragraphs, lists and tables as
blocks, in document order.

Site chrome is dropped by what it is, not by its tag name: navigation (<nav>, role=navigation), the page's
banner and content information (a <header>/<footer> that is not inside an <article>, <section>, <main> or
<aside>, or role=banner/contentinfo), search, cookie banners (a region or dialog labelled or classed as
about cookies), link-only asides ("Related content"), forms, scripts, styles and hidden elements. An
<article>'s own <header> (its title block) and <footer> are content. When the page has a <main> (or a
single <article>) only that is read. A page left with no body text is an UnreadableDocument; whether a page
with text is a report is for the extractor to decide.
"""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Doctype, ProcessingInstruction

from pipelines.extract.model import Issue
from pipelines.extract.readers.blocks import Block, clean_inline, render, row_text
from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import Deadline, Limits

_IGNORED = {
    "script", "style", "noscript", "template", "nav", "form", "button", "select",
    "svg", "canvas", "iframe", "object", "embed", "head", "title", "meta", "link",
}  # fmt: skip
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "search", "menubar", "toolbar", "alertdialog"}
# a <header> or <footer> inside one of these belongs to it (HTML's landmark rules), not to the site
_SECTIONING = ("article", "aside", "main", "nav", "section")
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_PARAGRAPHS = {"p", "blockquote", "pre", "dt", "dd", "figcaption", "caption", "address", "summary"}
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def read_html(data: bytes, source_file: str, limits: Limits) -> tuple[str, list[Issue]]:
    soup = BeautifulSoup(data, "lxml")
    root = _content_root(soup)
    if root is None:
        raise UnreadableDocument("html_no_body", f"{source_file}: the web page has no body")
    walker = _Walker(Deadline(source_file, limits.max_seconds))
    walker.walk(root)
    walker.flush()
    text, _ = render(walker.blocks)
    if not text.strip():
        raise UnreadableDocument(
            "html_no_text",
            f"{source_file}: the web page has no body text (only navigation, scripts or styling; "
            "a page that builds its content with JavaScript cannot be read)",
        )
    return text, []


def _content_root(soup: BeautifulSoup) -> Tag | None:
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if isinstance(main, Tag):
        return main
    articles = soup.find_all("article")
    if len(articles) == 1:
        return articles[0]
    body = soup.find("body")
    return body if isinstance(body, Tag) else (soup if soup.contents else None)


def _is_chrome(tag: Tag) -> bool:
    """Site furniture around the report, told by role and landmark."""
    role = str(tag.get("role", "")).lower()
    if role in _CHROME_ROLES:
        return True
    if tag.name in ("header", "footer") and not role:
        if tag.find_parent(_SECTIONING) is None and tag.find_parent(attrs={"role": "main"}) is None:
            return True
        # inside a section it is that section's own, unless it is a heading-less strip of links
        return tag.find(_HEADINGS) is None and _link_share(tag) >= 0.5
    label = " ".join([str(tag.get("aria-label", "")), str(tag.get("id", "")),
                      " ".join(tag.get("class", []) if isinstance(tag.get("class"), list) else [])]).lower()
    if "cookie" in label and (role in ("region", "dialog") or tag.name in ("div", "section", "aside")):
        return True
    if tag.name == "aside" or role == "complementary":
        return _link_share(tag, with_headings=True) >= 0.8
    return False


def _link_share(tag: Tag, with_headings: bool = False) -> float:
    """How much of the element's text is link text (and, optionally, heading text): 1.0 when empty."""
    text = len(tag.get_text(" ", strip=True))
    links = sum(len(a.get_text(" ", strip=True)) for a in tag.find_all("a"))
    if with_headings:
        links += sum(len(h.get_text(" ", strip=True)) for h in tag.find_all(_HEADINGS))
    return links / text if text else 1.0


def _hidden(tag: Tag) -> bool:
    if tag.name in _IGNORED or tag.has_attr("hidden") or tag.get("aria-hidden") == "true":
        return True
    if _is_chrome(tag):
        return True
    style = str(tag.get("style", "")).replace(" ", "").lower()
    return "display:none" in style or "visibility:hidden" in style


class _Walker:
    """Collects blocks; inline text accumulates in `buffer` until a block boundary flushes it."""

    def __init__(self, deadline: Deadline) -> None:
        self.deadline = deadline
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.kind: str = "para"
        self.prefix = ""

    def flush(self) -> None:
        """Emit the buffered text as a block. A list item's prefix waits for the item's first text."""
        text = clean_inline("".join(self.buffer))
        self.buffer = []
        if text:
            self.blocks.append(Block(self.kind, self.prefix + text))  # type: ignore[arg-type]
        if text or not self.prefix:
            self.kind, self.prefix = "para", ""

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, Comment | Doctype | ProcessingInstruction):
                continue
            if isinstance(child, NavigableString):
                self.buffer.append(str(child).replace("\n", " ").replace("\t", " "))
                continue
            if not isinstance(child, Tag) or _hidden(child):
                continue
            self.element(child)

    def element(self, tag: Tag) -> None:
        name = tag.name
        if name == "br":
            self.buffer.append("\n")
        elif name == "sup" and tag.get_text().strip().isdigit():
            self.buffer.append(tag.get_text().strip().translate(_SUPERSCRIPT))
        elif name in _HEADINGS:
            self.flush()
            self.walk(tag)
            self.kind = "heading"
            self.flush()
        elif name in ("ul", "ol"):
            self.flush()
            self.list(tag)
        elif name == "table":
            self.flush()
            self.table(tag)
        elif name in _PARAGRAPHS or name in ("div", "section", "article", "main", "aside", "li", "hr",
                                              "header", "footer"):
            self.flush()
            self.walk(tag)
            self.flush()
        else:
            self.walk(tag)

    def list(self, tag: Tag) -> None:
        self.deadline.check("a list")
        ordered = tag.name == "ol"
        start = str(tag.get("start", "1"))
        number = int(start) if start.isdigit() else 1
        for item in tag.find_all("li", recursive=False):
            if _hidden(item):
                continue
            value = str(item.get("value", ""))
            number = int(value) if value.isdigit() else number
            self.kind, self.prefix = "item", (f"{number}. " if ordered else "- ")
            self.walk(item)
            self.flush()
            self.kind, self.prefix = "para", ""
            number += 1

    def table(self, tag: Tag) -> None:
        self.deadline.check("a table")
        for row in tag.find_all("tr"):
            if row.find_parent("table") is not tag or _hidden(row):
                continue
            cells = [
                _cell_text(cell) for cell in row.find_all(("td", "th"), recursive=False) if not _hidden(cell)
            ]
            if any(cells):
                self.blocks.append(Block("row", row_text(cells)))


def _cell_text(cell: Tag) -> str:
    walker = _Walker(Deadline("", 1e9))
    walker.walk(cell)
    walker.flush()
    return " ".join(b.text for b in walker.blocks)
