"""On a report's web page, the link to the report itself as a PDF, chosen by what the link says.

HMIP's report pages link the report's PDF beside other documents (an easy-read version, a Welsh
translation, annexes, data, the inspectorate's letters). A candidate is an `<a>` whose URL path ends
`.pdf`; it must say "report" or "inspection" in its text or URL and say none of the words that mark another
document. None left: the page itself is the report (since 2024 many reports are published as web pages).
Only choosing the link belongs here; fetching it is `pipelines.sources.fetch`.
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

_WANTED = re.compile(r"report|inspection", re.IGNORECASE)
_OTHER_DOCUMENT = re.compile(
    r"easy[\s_-]*read|welsh|cymraeg|annex|appendix|appendices|glossary|data[\s_-]*(pack|set)|"
    r"action[\s_-]*plan|response|letter|methodology|framework|guidance|standards|summary|poster|"
    r"accessible|large[\s_-]*print|previous|earlier",
    re.IGNORECASE,
)


def report_pdf_link(html: bytes, page_url: str) -> str | None:
    """The absolute URL of the report's PDF linked from the page, or None when it links none."""
    soup = BeautifulSoup(html, "lxml")
    best: tuple[int, str] | None = None
    for anchor in soup.find_all("a", href=True):
        url = urljoin(page_url, str(anchor["href"]).strip()).split("#", 1)[0]
        path = unquote(urlsplit(url).path)
        if urlsplit(url).scheme not in ("http", "https") or not path.lower().endswith(".pdf"):
            continue
        said = " ".join([anchor.get_text(" ", strip=True), str(anchor.get("title") or ""),
                         str(anchor.get("aria-label") or ""), path.rsplit("/", 1)[-1]])
        if not _WANTED.search(said) or _OTHER_DOCUMENT.search(said):
            continue
        score = 2 if re.search(r"report", said, re.IGNORECASE) else 1
        if best is None or score > best[0]:
            best = (score, url)  # first in page order wins a tie
    return best[1] if best else None
