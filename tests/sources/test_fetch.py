"""`pipelines.sources.fetch` against a local server on 127.0.0.1: the report's PDF followed from its page
and saved with its provenance, nothing downloaded again while unchanged, redirects, retries, and the
refusals (too large, not a report, not HTTP). Expected values typed by hand."""

from __future__ import annotations

import datetime as dt
import json
import socket
from pathlib import Path

import pytest

from pipelines.sources.catalogue import Source
from pipelines.sources.fetch import Fetcher, fetch_all, fetch_report
from pipelines.sources.http import FetchError, Policy, new_session
from tests.sources.server import ReportServer, Route

PDF = b"%PDF-1.4\n% synthetic report: Anytown PDU\n%%EOF\n"  # 47 bytes
PDF_SHA256 = "ae1e48658b4ba82dd89bc5b7664b0dfe7f108246c2f2c52b767fada44f915f99"
PAGE = b"""<!DOCTYPE html><html><head><title>An inspection of probation services in Anytown PDU</title>
</head><body><h1>An inspection of probation services in Anytown PDU</h1>
<p><a href="/files/anytown-easy-read.pdf">Easy read version of the report (PDF)</a></p>
<p><a href="/files/anytown-welsh.pdf">Welsh version of the inspection report</a></p>
<p><a href="/files/probation-standards.pdf">Our inspection standards</a></p>
<p><a href="/files/anytown-pdu-report.pdf">Download the inspection report (PDF, 1 MB)</a></p>
</body></html>"""
FAST = Policy(backoff_seconds=0.001, attempts=3, connect_timeout=5, read_timeout=5, pause_seconds=0)
CLOCK = dt.datetime(2026, 12, 2, 4, 30, 5, tzinfo=dt.UTC)


def _fetcher(policy: Policy = FAST, sleeps: list[float] | None = None) -> Fetcher:
    sleep = sleeps.append if sleeps is not None else (lambda seconds: None)
    return Fetcher(new_session(policy), policy, sleep=sleep, now=lambda: CLOCK)


def _anytown(server: ReportServer) -> str:
    server.routes["/inspections/anytown/"] = Route(PAGE, etag='"page-1"')
    server.routes["/files/anytown-pdu-report.pdf"] = Route(
        PDF, "application/pdf", etag='"pdf-1"', last_modified="Tue, 18 Feb 2025 09:00:00 GMT")
    return server.url("/inspections/anytown/")


def _record(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".source.json").read_text())


def test_a_page_that_links_its_pdf_saves_the_pdf_and_its_provenance(server, tmp_path):
    url = _anytown(server)
    outcome = fetch_report(url, tmp_path, _fetcher(), published="2025-02-18")
    assert outcome.status == "downloaded"
    assert outcome.file.name.startswith("anytown-") and outcome.file.suffix == ".pdf"
    assert outcome.file.read_bytes() == PDF
    record = _record(outcome.file)
    assert record["url"] == url
    assert record["final_url"] == server.url("/files/anytown-pdu-report.pdf")
    assert record["retrieved_at"] == "2026-12-02T04:30:05Z"
    assert record["http_status"] == 200
    assert record["etag"] == '"pdf-1"' and record["last_modified"] == "Tue, 18 Feb 2025 09:00:00 GMT"
    assert record["content_type"] == "application/pdf"
    assert record["sha256"] == PDF_SHA256 and record["bytes"] == 47
    assert record["published"] == "2025-02-18"
    assert record["page"]["url"] == url and record["page"]["etag"] == '"page-1"'
    saved = outcome.file.name
    assert sorted(p.name for p in tmp_path.iterdir()) == [saved, saved + ".source.json"]
    assert server.full_responses["/files/anytown-easy-read.pdf"] == 0
    assert server.user_agents[0].startswith("hmip-pipelines/")


def test_a_second_fetch_of_an_unchanged_report_downloads_nothing(server, tmp_path):
    url = _anytown(server)
    first = fetch_report(url, tmp_path, _fetcher())
    record_before = first.file.with_name(first.file.name + ".source.json").read_bytes()
    second = fetch_report(url, tmp_path, _fetcher())
    assert second.status == "unchanged" and second.file == first.file
    assert server.requests["/inspections/anytown/"] == 2
    assert server.requests["/files/anytown-pdu-report.pdf"] == 2
    assert server.full_responses["/inspections/anytown/"] == 1  # the second time: 304
    assert server.full_responses["/files/anytown-pdu-report.pdf"] == 1
    assert first.file.with_name(first.file.name + ".source.json").read_bytes() == record_before


def test_last_modified_alone_is_enough_for_a_304(server, tmp_path):
    server.routes["/r.txt"] = Route(b"An inspection report", "text/plain",
                                    last_modified="Tue, 18 Feb 2025 09:00:00 GMT")
    fetch_report(server.url("/r.txt"), tmp_path, _fetcher())
    assert fetch_report(server.url("/r.txt"), tmp_path, _fetcher()).status == "unchanged"
    assert server.full_responses["/r.txt"] == 1


def test_a_changed_report_is_downloaded_again_under_the_same_name(server, tmp_path):
    url = _anytown(server)
    first = fetch_report(url, tmp_path, _fetcher())
    server.routes["/inspections/anytown/"].etag = '"page-2"'
    server.routes["/files/anytown-pdu-report.pdf"] = Route(PDF + b"% corrected\n", "application/pdf",
                                                           etag='"pdf-2"')
    second = fetch_report(url, tmp_path, _fetcher())
    assert second.status == "downloaded" and second.file == first.file
    assert _record(second.file)["etag"] == '"pdf-2"' and _record(second.file)["bytes"] == 47 + 12


def test_a_redirect_is_recorded_as_the_final_url(server, tmp_path):
    server.routes["/old/report.pdf"] = Route(redirect_to="/new/report.pdf")
    server.routes["/new/report.pdf"] = Route(PDF, "application/pdf")
    outcome = fetch_report(server.url("/old/report.pdf"), tmp_path, _fetcher())
    record = _record(outcome.file)
    assert record["url"] == server.url("/old/report.pdf")
    assert record["final_url"] == server.url("/new/report.pdf")


def test_a_page_without_a_report_pdf_is_saved_itself(server, tmp_path):
    page = b"<html><body><h1>An inspection of youth justice services in Anytown</h1>" \
           b"<a href='/files/annex.pdf'>Annex: data</a></body></html>"
    server.routes["/youth/anytown/"] = Route(page)
    outcome = fetch_report(server.url("/youth/anytown/"), tmp_path, _fetcher())
    assert outcome.file.suffix == ".html" and outcome.file.read_bytes() == page
    assert _record(outcome.file)["content_type"] == "text/html"
    assert server.requests["/files/annex.pdf"] == 0


def test_server_errors_are_retried_with_backoff_then_succeed(server, tmp_path):
    server.routes["/flaky.pdf"] = Route(PDF, "application/pdf", fail_first=2)
    sleeps: list[float] = []
    outcome = fetch_report(server.url("/flaky.pdf"), tmp_path, _fetcher(sleeps=sleeps))
    assert outcome.status == "downloaded" and server.requests["/flaky.pdf"] == 3
    assert sleeps == [0.001, 0.002]


def test_retries_are_bounded(server, tmp_path):
    server.routes["/down.pdf"] = Route(PDF, "application/pdf", fail_first=99)
    with pytest.raises(FetchError, match=r"/down.pdf: the server answered 503 .*after 3 attempts"):
        fetch_report(server.url("/down.pdf"), tmp_path, _fetcher())
    assert server.requests["/down.pdf"] == 3


def test_a_connection_refused_is_retried_then_reported(tmp_path):
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sleeps: list[float] = []
    with pytest.raises(FetchError, match=rf"127.0.0.1:{port}/report.pdf: could not be fetched .*3 attempts"):
        fetch_report(f"http://127.0.0.1:{port}/report.pdf", tmp_path, _fetcher(sleeps=sleeps))
    assert sleeps == [0.001, 0.002]


def test_an_oversized_body_is_refused_while_streaming(server, tmp_path):
    server.routes["/huge.pdf"] = Route(b"x" * 1024, "application/pdf", stream_chunks=64)  # 64 KB, no length
    policy = Policy(max_bytes=10_000, attempts=1)
    with pytest.raises(FetchError, match=r"/huge.pdf: the body is larger than the 10000 bytes a report may"):
        fetch_report(server.url("/huge.pdf"), tmp_path, _fetcher(policy))
    assert list(tmp_path.iterdir()) == []


def test_a_content_type_that_is_not_a_report_is_refused(server, tmp_path):
    server.routes["/logo.png"] = Route(b"\x89PNG", "image/png")
    with pytest.raises(FetchError, match=r"/logo.png: the content type image/png is not a report"):
        fetch_report(server.url("/logo.png"), tmp_path, _fetcher())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/r.pdf", "/tmp/r.pdf"])
def test_urls_that_are_not_http_are_refused(url, tmp_path):
    with pytest.raises(FetchError, match="only http and https URLs are fetched") as err:
        fetch_report(url, tmp_path, _fetcher())
    assert err.value.message.startswith(url)


def test_a_redirect_to_a_file_url_is_refused(server, tmp_path):
    server.routes["/sneaky.pdf"] = Route(redirect_to="file:///etc/passwd")
    with pytest.raises(FetchError, match=r"/sneaky.pdf: redirected to a URL that is not http or https"):
        fetch_report(server.url("/sneaky.pdf"), tmp_path, _fetcher())
    assert list(tmp_path.iterdir()) == []


def test_one_bad_url_does_not_stop_the_others(server, tmp_path):
    server.routes["/r.txt"] = Route(b"An inspection report", "text/plain")
    outcomes = fetch_all([Source("file:///etc/passwd"), Source(server.url("/missing")),
                          Source(server.url("/r.txt"), published="2025-01-28")], tmp_path, FAST)
    assert [o.status for o in outcomes] == ["failed", "failed", "downloaded"]
    assert outcomes[1].message == server.url("/missing") + ": the server answered 404 Not Found"
    assert _record(outcomes[2].file)["published"] == "2025-01-28"


def test_a_report_now_offered_as_pdf_replaces_the_saved_page(server, tmp_path):
    server.routes["/inspections/anytown/"] = Route(b"<html><body><h1>An inspection</h1></body></html>")
    first = fetch_report(server.url("/inspections/anytown/"), tmp_path, _fetcher())
    assert first.file.suffix == ".html"
    _anytown(server)  # the page now links its PDF
    second = fetch_report(server.url("/inspections/anytown/"), tmp_path, _fetcher())
    assert second.file == first.file.with_suffix(".pdf")
    assert sorted(p.name for p in tmp_path.iterdir()) == [second.file.name, second.file.name + ".source.json"]
