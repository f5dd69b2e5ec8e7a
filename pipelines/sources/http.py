"""One bounded HTTP GET: timeouts, retries with exponential backoff on 5xx and connection errors, a
descriptive User-Agent, conditional headers, and a body streamed up to a cap (Content-Length is not
trusted). Refuses non-HTTP(S) URLs and content types that are not a report.

Only the transfer belongs here; which URL to ask for and where the bytes go is `pipelines.sources.fetch`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from pipelines.inputs.inventory import MAX_FILE_BYTES, MB

USER_AGENT = ("hmip-pipelines/0.1 (HM Inspectorate of Probation inspection reports dataset; "
              "open-source pipeline; python-requests)")
ACCEPT = ("application/pdf, text/html;q=0.9, application/vnd.openxmlformats-officedocument."
          "wordprocessingml.document;q=0.8, text/plain;q=0.5")
# What a report may be, by media type, and the file extension it is saved under.
REPORT_TYPES: dict[str, str] = {
    "application/pdf": ".pdf",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "text/plain": ".txt",
    "text/markdown": ".md",
}
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Policy:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0  # between two reads of the socket
    max_seconds: float = 300.0  # for the whole body
    attempts: int = 4  # in all, the first included
    backoff_seconds: float = 1.0  # before the 2nd attempt; doubles each time
    max_backoff_seconds: float = 30.0
    max_bytes: int = MAX_FILE_BYTES  # the same cap as a file in raw/
    max_redirects: int = 10
    pause_seconds: float = 1.0  # between two URLs of a batch: one publisher's site, asked politely
    user_agent: str = USER_AGENT


DEFAULT_POLICY = Policy()


class FetchError(Exception):
    """A URL that could not be fetched: a stable code and a one-line message naming the URL."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Response:
    url: str  # as requested
    final_url: str  # after redirects
    status: int  # 200, or 304 (not modified: no body)
    media_type: str | None  # e.g. 'application/pdf', without parameters
    etag: str | None
    last_modified: str | None
    body: bytes | None


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        scheme = f"the {parts.scheme}: scheme" if parts.scheme else "a URL with no scheme"
        raise FetchError("bad_scheme", f"{url}: only http and https URLs are fetched, not {scheme}")
    if not parts.hostname:
        raise FetchError("bad_url", f"{url}: the URL names no host")


def new_session(policy: Policy = DEFAULT_POLICY) -> requests.Session:
    session = requests.Session()
    session.headers.update({"User-Agent": policy.user_agent, "Accept": ACCEPT})
    session.max_redirects = policy.max_redirects
    session.trust_env = False  # no proxies or .netrc credentials picked up from the environment
    return session


def get(session: requests.Session, url: str, policy: Policy = DEFAULT_POLICY, *, etag: str | None = None,
        last_modified: str | None = None, sleep: Callable[[float], None] = time.sleep) -> Response:
    """GET `url`, conditional on the validators given; retried on 5xx and connection failures."""
    check_url(url)
    headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
    for attempt in range(1, policy.attempts + 1):
        try:
            return _get_once(session, url, headers, policy)
        except _Retryable as exc:
            if attempt == policy.attempts:
                raise FetchError(exc.code, f"{url}: {exc.reason} (gave up after {attempt} attempts)") from exc
            sleep(min(policy.backoff_seconds * 2 ** (attempt - 1), policy.max_backoff_seconds))
    raise AssertionError("unreachable")  # pragma: no cover


class _Retryable(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def _get_once(session: requests.Session, url: str, headers: dict[str, str], policy: Policy) -> Response:
    try:
        with session.get(url, headers=headers, stream=True, allow_redirects=True,
                         timeout=(policy.connect_timeout, policy.read_timeout)) as resp:
            check_url(resp.url)
            if resp.status_code >= 500:
                raise _Retryable("server_error", f"the server answered {resp.status_code} {resp.reason}")
            if resp.status_code == 304:
                return _response(url, resp, None)
            if resp.status_code != 200:
                raise FetchError("http_error", f"{url}: the server answered {resp.status_code} {resp.reason}")
            _check_report_type(url, resp)
            return _response(url, resp, _read_capped(url, resp, policy))
    except (requests.ConnectionError, requests.Timeout) as exc:
        raise _Retryable("connection_failed", f"could not be fetched ({type(exc).__name__})") from exc
    except requests.TooManyRedirects as exc:
        raise FetchError("too_many_redirects", f"{url}: more than {policy.max_redirects} redirects") from exc
    except requests.exceptions.InvalidSchema as exc:
        raise FetchError("bad_scheme", f"{url}: redirected to a URL that is not http or https") from exc
    except requests.RequestException as exc:
        raise FetchError("http_error", f"{url}: {type(exc).__name__}: {exc}") from exc


def media_type(resp: requests.Response) -> str | None:
    value = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    return value or None


def _check_report_type(url: str, resp: requests.Response) -> None:
    kind = media_type(resp)
    if kind not in REPORT_TYPES:
        raise FetchError("not_a_report", f"{url}: the content type {kind or '(none given)'} is not a report "
                         f"(a report is {', '.join(sorted(set(REPORT_TYPES.values())))})")


def _read_capped(url: str, resp: requests.Response, policy: Policy) -> bytes:
    """The body, read in chunks and stopped as soon as it passes the cap or the time allowed."""
    end = time.monotonic() + policy.max_seconds
    chunks, total = [], 0
    for chunk in resp.iter_content(_CHUNK):
        total += len(chunk)
        if total > policy.max_bytes:
            raise FetchError("too_large", f"{url}: the body is larger than the {_size(policy.max_bytes)} a "
                             "report may be; not saved")
        if time.monotonic() > end:
            raise FetchError("too_slow", f"{url}: the body took longer than {policy.max_seconds:g} s")
        chunks.append(chunk)
    return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n // MB} MB" if n >= MB else f"{n} bytes"


def _response(url: str, resp: requests.Response, body: bytes | None) -> Response:
    return Response(url=url, final_url=resp.url, status=resp.status_code, media_type=media_type(resp),
                    etag=resp.headers.get("ETag"), last_modified=resp.headers.get("Last-Modified"), body=body)
