"""A report server on 127.0.0.1 for the fetch tests (nothing here touches the internet): routes with a
fixed body, content type and validators, answering 304 to a matching If-None-Match or If-Modified-Since,
redirects, failures before success, and bodies streamed without a Content-Length. Counts, per path,
the requests and the full (200) responses sent."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    redirect_to: str | None = None  # a path on this server, or an absolute URL: answered 301 to it
    fail_first: int = 0  # answer 503 to this many requests first
    stream_chunks: int = 0  # send `body` this many times, chunked, with no Content-Length


class ReportServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: Counter[str] = Counter()
        self.full_responses: Counter[str] = Counter()
        self.user_agents: list[str] = []
        self.base = ""

    def url(self, path: str) -> str:
        return self.base + path


def _handler(server: ReportServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def do_GET(self) -> None:  # noqa: N802
            server.requests[self.path] += 1
            server.user_agents.append(self.headers.get("User-Agent", ""))
            route = server.routes.get(self.path)
            if route is None:
                return self._send(404, b"not found", "text/plain")
            if route.fail_first and server.requests[self.path] <= route.fail_first:
                return self._send(503, b"busy", "text/plain")
            if route.redirect_to:
                self.send_response(301)
                where = route.redirect_to
                self.send_header("Location", server.url(where) if where.startswith("/") else where)
                self.send_header("Content-Length", "0")
                return self.end_headers()
            if self._not_modified(route):
                self.send_response(304)
                self._validators(route)
                return self.end_headers()
            server.full_responses[self.path] += 1
            if route.stream_chunks:
                return self._stream(route)
            self._send(200, route.body, route.content_type, route)

        def _not_modified(self, route: Route) -> bool:
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                return True
            return bool(route.last_modified) and self.headers.get("If-Modified-Since") == route.last_modified

        def _validators(self, route: Route) -> None:
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)

        def _send(self, status: int, body: bytes, content_type: str, route: Route | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            if route:
                self._validators(route)
            self.end_headers()
            self.wfile.write(body)

        def _stream(self, route: Route) -> None:
            self.send_response(200)
            self.send_header("Content-Type", route.content_type)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(route.stream_chunks):
                    self.wfile.write(f"{len(route.body):x}\r\n".encode() + route.body + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading at its cap
            self.close_connection = True

    return Handler


@contextmanager
def report_server() -> Iterator[ReportServer]:
    state = ReportServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)
