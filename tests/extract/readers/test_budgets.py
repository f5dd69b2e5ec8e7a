"""Bounded cost per file: each costly file is read in its own process, which reports how long it took and
its peak memory (ru_maxrss) above its baseline (interpreter, libraries and the file's bytes loaded). Each
must end in a clear error naming the budget it passed, within the time budget and 512 MiB."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.extract.readers import Limits, UnreadableDocument, read_document_with_pages
from pipelines.extract.readers.limits import DEFAULT_LIMITS

from . import bombs

ROOT = Path(__file__).resolve().parents[2]
PEAK_MIB = 512
CHILD = """
import json, resource, sys, time
from pipelines.extract import extract_bytes
path = sys.argv[1]
data = open(path, "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.monotonic()
extraction = extract_bytes(data, path.rsplit("/", 1)[-1])
seconds = time.monotonic() - start
peak = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
print(json.dumps({"seconds": seconds, "peak_mib": peak, "report_id": extraction.report_id,
                  "issues": [[i.severity, i.code, i.message] for i in extraction.issues]}))
"""


def _read_in_child(tmp_path: Path, name: str, data: bytes) -> dict:
    path = tmp_path / name
    path.write_bytes(data)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=DEFAULT_LIMITS.max_seconds + 60)
    assert proc.returncode == 0, proc.stderr[-2000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["seconds"] < DEFAULT_LIMITS.max_seconds
    assert result["peak_mib"] < PEAK_MIB, result
    return result


def test_a_docx_whose_header_lies_is_refused_without_inflating_it(tmp_path):
    data = bombs.lying_docx(inflated_mb=2048, declared=1024)  # 2 GB inflated, 1 KB declared
    result = _read_in_child(tmp_path, "liar.docx", data)
    assert result["report_id"] is None
    assert result["issues"] == [["error", "zip_bomb", "liar.docx: zip bomb: word/document.xml inflates past "
                                 "the 1,024 bytes its header declares"]]


def test_a_word_document_of_millions_of_elements_is_refused_before_its_tree_is_built(tmp_path):
    result = _read_in_child(tmp_path, "many.docx", bombs.docx_many_elements(2_000_000))
    assert result["issues"] == [["error", "too_many_elements", "many.docx: the Word document's "
                                 "word/document.xml has more than 1,000,000 elements (the element budget "
                                 "per file)"]]


def test_a_30_mb_web_page_of_many_elements_is_refused_by_the_element_budget(tmp_path):
    result = _read_in_child(tmp_path, "huge.html", bombs.html_many_elements(30))
    assert result["issues"] == [["error", "too_many_elements", "huge.html: the web page has more than "
                                 "200,000 elements (the element budget per file)"]]


def test_a_30_mb_web_page_of_few_huge_paragraphs_is_read_within_its_budgets(tmp_path):
    result = _read_in_child(tmp_path, "long.html", bombs.html_few_huge_paragraphs(30))
    assert result["report_id"] is None  # read to the end: the extractor finds no report in it
    assert [i[1] for i in result["issues"]] == ["not_a_report"], result["issues"]


def test_deeply_nested_html_gives_a_clear_message(tmp_path):
    result = _read_in_child(tmp_path, "deep.html", bombs.html_nested(100_000))
    assert result["issues"] == [["error", "too_deeply_nested", "deep.html: the web page nests elements more "
                                 "than 256 deep (the nesting budget per file)"]]


def test_deeply_nested_pdf_objects_give_a_clear_message(tmp_path):
    result = _read_in_child(tmp_path, "deep.pdf", bombs.pdf_nested(100_000))
    assert result["issues"] == [["error", "too_deeply_nested", "deep.pdf: the PDF nests its objects too "
                                 "deeply to read (past the recursion budget); a damaged or hostile file"]]


def test_the_time_budget_interrupts_the_parser_itself_and_is_then_disarmed():
    data = bombs.html_few_huge_paragraphs(30)  # several seconds of parsing, no loop of the reader's own
    start = time.monotonic()
    with pytest.raises(UnreadableDocument) as caught:
        read_document_with_pages(data, "slow.html", Limits(max_seconds=0.5))
    assert time.monotonic() - start < 5
    assert caught.value.code == "read_timeout"
    assert str(caught.value) == "slow.html: reading the web page took longer than its time budget of 0.5 s"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.6)  # no alarm left behind to fire later


def test_pages_within_the_budgets_still_read():
    text, _, _ = read_document_with_pages(bombs.html_nested(200), "ok.html")
    assert text.strip() == "deep"
