"""Budgets that cover the parsers themselves, not only the loops around them: a wall-clock budget per file
(an interval timer that interrupts a parser stuck inside one page or one element), an element and
nesting budget for web pages checked before any tree is built, and clear messages for objects nested
too deeply to parse (instead of RecursionError or the AttributeError a half-built tree gives).

Only enforcing budgets belongs here; the caps themselves are `limits.Limits`.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from lxml import etree

from pipelines.extract.readers.errors import UnreadableDocument
from pipelines.extract.readers.limits import Deadline, Limits

_CHUNK = 1 << 20


class _OutOfTime(BaseException):
    """Raised by the timer; a BaseException so that parsers' `except Exception` cannot swallow it."""


def _on_alarm(signum: int, frame: object) -> None:
    raise _OutOfTime


@contextmanager
def _timer(seconds: float) -> Iterator[bool]:
    """An interval timer raising _OutOfTime after `seconds`; only in the main thread (signals are
    delivered there), else nothing, and the readers' own `Deadline` checks remain."""
    if threading.current_thread() is not threading.main_thread():
        yield False
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    earlier = signal.setitimer(signal.ITIMER_REAL, seconds)[0]
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if earlier:  # someone else's timer was running: give it back what it had left (at least a tick)
            signal.setitimer(signal.ITIMER_REAL, max(earlier - seconds, 0.001))


@contextmanager
def parse_budget(source_file: str, kind: str, limits: Limits) -> Iterator[None]:
    """Run a reader within the time budget; turn running out of time or of recursion depth into a clear
    UnreadableDocument naming the file and the budget."""
    try:
        with _timer(limits.max_seconds):
            yield
    except _OutOfTime:
        raise UnreadableDocument(
            "read_timeout", f"{source_file}: reading the {kind} took longer than its time budget of "
            f"{limits.max_seconds:g} s") from None
    except RecursionError:
        raise _too_deep(source_file, kind) from None
    except (UnreadableDocument, AttributeError) as exc:  # e.g. pypdf's 'Error reading PDF file' over it
        if _caused_by_recursion(exc):
            raise _too_deep(source_file, kind) from None
        raise


def _too_deep(source_file: str, kind: str) -> UnreadableDocument:
    return UnreadableDocument(
        "too_deeply_nested", f"{source_file}: the {kind} nests its objects too deeply to read (past the "
        "recursion budget); a damaged or hostile file")


def _caused_by_recursion(exc: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, RecursionError):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


class _Shape:
    """lxml parser target that counts elements and nesting depth, building no tree."""

    def __init__(self, source_file: str, what: str, max_elements: int, max_depth: int) -> None:
        self.source_file, self.what = source_file, what
        self.max_elements, self.max_depth = max_elements, max_depth
        self.elements = self.depth = 0

    def start(self, tag: str, attrib: object) -> None:
        self.elements += 1
        self.depth += 1
        if self.elements > self.max_elements:
            raise UnreadableDocument(
                "too_many_elements", f"{self.source_file}: {self.what} has more than "
                f"{self.max_elements:,} elements (the element budget per file)")
        if self.depth > self.max_depth:
            raise UnreadableDocument(
                "too_deeply_nested", f"{self.source_file}: {self.what} nests elements more than "
                f"{self.max_depth} deep (the nesting budget per file)")

    def end(self, tag: str) -> None:
        self.depth -= 1

    def data(self, text: str) -> None:
        pass

    def close(self) -> int:
        return self.elements


def check_html_shape(data: bytes, source_file: str, limits: Limits) -> int:
    """The page's element count, after refusing a page past the element or nesting budget; streamed,
    so a huge page is refused without its tree ever being built."""
    shape = _Shape(source_file, "the web page", limits.max_elements, limits.max_depth)
    return _stream(etree.HTMLParser(target=shape), data, source_file, "the web page", limits, "html_corrupt")


def check_xml_shape(data: bytes, source_file: str, part: str, limits: Limits) -> int:
    """`check_html_shape` for an XML part of a Word document, before python-docx builds its tree."""
    shape = _Shape(source_file, f"the Word document's {part}", limits.max_xml_elements, limits.max_depth)
    parser = etree.XMLParser(target=shape, resolve_entities=False, no_network=True)
    return _stream(parser, data, source_file, part, limits, "docx_corrupt")


def _stream(parser: etree._FeedParser, data: bytes, source_file: str, what: str, limits: Limits,
            corrupt: str) -> int:
    deadline = Deadline(source_file, limits.max_seconds)
    try:
        for at in range(0, len(data), _CHUNK):
            deadline.check(f"byte {at:,} of {what}")
            parser.feed(data[at:at + _CHUNK])
        return parser.close()
    except UnreadableDocument:
        raise
    except etree.LxmlError as exc:
        if isinstance(exc.__context__, UnreadableDocument):
            raise exc.__context__ from None
        raise UnreadableDocument(corrupt, f"{source_file}: {what} cannot be parsed ({exc})") from exc
