"""Fetch reports into raw/: each URL's document (the report's PDF when its page links one, else the page
itself) saved atomically under a stable name made from the URL, with its provenance record beside it.

A URL fetched before is asked for conditionally (If-None-Match / If-Modified-Since from the previous
record), so an unchanged report is not downloaded again and its file and record are left as they are (a
rewritten record would make the next run think the input changed). One URL's failure is reported and the
others go on. The transfer itself is `pipelines.sources.http`; the record, `pipelines.sources.provenance`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

from pipelines.inputs.inventory import sha256_of
from pipelines.sources.catalogue import BadSourcesList, Source, read_sources
from pipelines.sources.http import (
    DEFAULT_POLICY,
    REPORT_TYPES,
    FetchError,
    Policy,
    Response,
    get,
    new_session,
)
from pipelines.sources.links import report_pdf_link
from pipelines.sources.provenance import (
    BadRecord,
    SourceRecord,
    read_record,
    record_path,
    write_atomic,
    write_record,
)

_HTML = ".html"


@dataclass(frozen=True)
class Outcome:
    url: str
    status: str  # downloaded | unchanged | failed
    message: str
    file: Path | None = None


@dataclass
class Fetcher:
    """What every fetch of a batch shares: the session, the limits, and the clock and sleep (for tests)."""

    session: requests.Session
    policy: Policy = DEFAULT_POLICY
    sleep: Callable[[float], None] = time.sleep
    now: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC)

    def get(self, url: str, previous: dict[str, str | None] | None = None) -> Response:
        previous = previous or {}
        return get(self.session, url, self.policy, etag=previous.get("etag"),
                   last_modified=previous.get("last_modified"), sleep=self.sleep)


def stable_stem(url: str) -> str:
    """A file name stem for `url`, the same on every fetch: its last path segment, readable, and a short
    hash of the whole URL (so two reports both ending `/report/` do not collide)."""
    parts = urlsplit(url)
    segments = [s for s in parts.path.split("/") if s]
    tail = segments[-1] if segments else parts.query or parts.hostname or ""
    tail = re.sub(r"\.(pdf|html?|docx|txt|md)$", "", tail, flags=re.IGNORECASE)
    slug = re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")[:60] or "report"
    return f"{slug}-{hashlib.sha256(_without_fragment(url).encode()).hexdigest()[:10]}"


def _without_fragment(url: str) -> str:
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def previous_fetch(raw_dir: Path, stem: str, url: str) -> tuple[Path, SourceRecord] | None:
    """The file saved from `url` before and its record, when the file is still exactly what the record
    says (else the next fetch is unconditional)."""
    for ext in sorted(set(REPORT_TYPES.values())):
        path = raw_dir / f"{stem}{ext}"
        try:
            record = read_record(record_path(path))
        except BadRecord:
            continue
        if record and record.url == url and path.is_file() and sha256_of(path) == record.sha256:
            return path, record
    return None


def fetch_report(url: str, raw_dir: Path, fetcher: Fetcher, published: str | None = None) -> Outcome:
    """Fetch one URL into raw_dir; FetchError (naming the URL) when it cannot be."""
    url = _without_fragment(url.strip())
    stem = stable_stem(url)
    old_file, old = previous_fetch(raw_dir, stem, url) or (None, None)
    published = published or (old.published if old else None)
    first = fetcher.get(url, (old.page or _validators(old)) if old else None)
    page: dict | None = None
    if first.status == 304:
        if old is None:
            raise FetchError("http_error", f"{url}: the server answered 304 to an unconditional request")
        if old.page is None:
            return _unchanged(url, old_file, old, published, "not modified since the last fetch")
        page, doc_url = old.page, old.document_url or old.final_url
        doc = None
    elif REPORT_TYPES.get(first.media_type or "") == _HTML and (
            doc_url := report_pdf_link(first.body or b"", first.final_url)):
        page = {"url": url, "final_url": first.final_url, "etag": first.etag,
                "last_modified": first.last_modified}
        doc = None
    else:
        doc, doc_url = first, url
    if doc is None:
        same = old is not None and (old.document_url or old.final_url) == doc_url
        doc = fetcher.get(doc_url, _validators(old) if same else None)
        if doc.status == 304:
            if not same:
                raise FetchError("http_error", f"{doc_url}: the server answered 304 to an unconditional "
                                 "request")
            return _unchanged(url, old_file, old, published, "the report's PDF is not modified")
        if REPORT_TYPES[doc.media_type or ""] == _HTML:
            raise FetchError("not_a_report", f"{url}: the page's report link {doc_url} leads to a web page, "
                             "not the report")
    return _save(raw_dir, stem, url, doc_url, doc, page, published, old_file, old, fetcher.now())


def _validators(record: SourceRecord | None) -> dict[str, str | None]:
    return {"etag": record.etag, "last_modified": record.last_modified} if record else {}


def _unchanged(url: str, file: Path | None, record: SourceRecord | None, published: str | None,
               why: str) -> Outcome:
    if file is not None and record is not None and published != record.published:
        write_record(file, replace(record, published=published))  # the sources list gave a (new) date
    return Outcome(url, "unchanged", f"{why}; {file.name if file else ''} left as it was", file)


def _save(raw_dir: Path, stem: str, url: str, doc_url: str, doc: Response, page: dict | None,
          published: str | None, old_file: Path | None, old: SourceRecord | None,
          now: dt.datetime) -> Outcome:
    body = doc.body or b""
    digest = hashlib.sha256(body).hexdigest()
    path = raw_dir / f"{stem}{REPORT_TYPES[doc.media_type or '']}"
    if old is not None and old_file == path and old.sha256 == digest:
        return _unchanged(url, old_file, old, published, "the same bytes as the last fetch")
    record = SourceRecord(
        url=url, final_url=doc.final_url, retrieved_at=now.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        http_status=doc.status, sha256=digest, bytes=len(body), etag=doc.etag,
        last_modified=doc.last_modified, content_type=doc.media_type, published=published,
        document_url=doc_url, page=page,
    )
    write_atomic(path, body)
    write_record(path, record)
    if old_file is not None and old_file != path:  # now published in another format: one file per URL
        record_path(old_file).unlink(missing_ok=True)
        old_file.unlink(missing_ok=True)
    return Outcome(url, "downloaded", f"saved {path.name} ({len(body)} bytes, {doc.media_type})", path)


def fetch_all(sources: list[Source], raw_dir: Path, policy: Policy = DEFAULT_POLICY,
              fetcher: Fetcher | None = None) -> list[Outcome]:
    """Fetch every source into raw_dir, in order; a failure is an outcome, not an exception."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    fetcher = fetcher or Fetcher(new_session(policy), policy)
    outcomes = []
    for number, source in enumerate(sources):
        if number and policy.pause_seconds:
            fetcher.sleep(policy.pause_seconds)
        try:
            outcomes.append(fetch_report(source.url, raw_dir, fetcher, source.published))
        except FetchError as exc:
            outcomes.append(Outcome(source.url, "failed", exc.message))
        except OSError as exc:
            outcomes.append(Outcome(source.url, "failed", f"{source.url}: could not be saved in {raw_dir} "
                                    f"({exc.strerror or exc})"))
    return outcomes


def fetch_command(urls: list[str], raw_dir: Path, sources_path: Path,
                  policy: Policy = DEFAULT_POLICY) -> tuple[list[Outcome], list[str]]:
    """`hmip fetch`: the URLs given (with the `published` date the sources list gives them), else every
    URL in the sources list. Returns the outcomes and the errors of the list itself."""
    listed, errors = [], []
    if sources_path.is_file():
        try:
            listed, errors = read_sources(sources_path)
        except BadSourcesList as exc:
            errors = [str(exc)]
    elif not urls:
        errors = [f"no URL given and no sources list {sources_path}"]
    by_url = {s.url: s for s in listed}
    wanted = [by_url.get(u, Source(url=u)) for u in urls] if urls else listed
    return fetch_all(wanted, raw_dir, policy), (errors if not urls else [])
