"""Variant tests: the samples transformed as other conversions would damage them give the same rows,
apart from char offsets (and the section text, which holds the layout)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from pipelines.extract import Extraction, extract_bytes
from tests.extract.conftest import SAMPLES, extracted, sample_text

_IGNORED = {"char_start", "char_end", "source_file", "source_sha256", "text"}
_RATING_LINE = re.compile(r"^(Outstanding|Good|Requires improvement|Inadequate)$")
_STANDARD_LINE = re.compile(r"^\d\.\d\.? [A-Z][a-z].*[a-z]$")


def comparable(e: Extraction) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for table, rows in e.rows.items():
        keep = _IGNORED if table == "sections" else _IGNORED - {"text"}
        out[table] = [{k: v for k, v in r.items() if k not in keep} for r in rows]
    return out


def crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("utf-8")


def windows_1252(text: str) -> bytes:
    # superscripts four to nine do not exist in Windows-1252: such a file has plain digits there
    return text.translate(str.maketrans("⁴⁵⁶⁷⁸⁹", "456789")).encode("cp1252")


def curly_quotes(text: str) -> bytes:
    text = re.sub(r'"([^"\n]*)"', "\u201c\\1\u201d", text)
    return text.replace("'", "\u2019").encode("utf-8")


def rating_on_standard_line(text: str) -> bytes:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _STANDARD_LINE.match(line):
            continue
        for j in range(i + 1, min(i + 10, len(lines))):
            if _RATING_LINE.match(lines[j]):
                lines[i] = f"{line} {lines[j]}"
                lines[j] = ""
                break
            if _STANDARD_LINE.match(lines[j]):
                break
    return "\n".join(lines).encode("utf-8")


def broken_rating_words(text: str) -> bytes:
    broken = {"Inadequate": "Inadeq uate", "Requires improvement": "Requires improve- ment",
              "Good": "Good", "Outstanding": "Outstand ing"}
    lines = [broken[line] if _RATING_LINE.match(line) else line for line in text.split("\n")]
    return "\n".join(lines).encode("utf-8")


def rating_with_a_label(text: str) -> bytes:
    """'Rating: Good' under each standard, so the same few lines recur (not page furniture)."""
    return re.sub(r"(?m)^(Outstanding|Good|Requires improvement|Inadequate)$", r"Rating: \1", text).encode()


def list_markers_lost(text: str) -> bytes:
    """Bullets and recommendation numbers gone, as when a web page's text is copied: the list markers
    were drawn by the page's style, not written in its text."""
    text = re.sub(r"(?m)^- ", "", text)
    return re.sub(r"(?m)^\d{1,2}\. (?=[a-z])", "", text).encode("utf-8")


def page_furniture(text: str) -> bytes:
    lines = text.split("\n")
    out: list[str] = []
    for i, line in enumerate(lines, 1):
        out.append(line)
        if i % 60 == 0:
            out += ["Inspection of probation services: a PDU report", str(i // 60 + 2)]
    return "\n".join(out).encode("utf-8")


def no_bold(text: str) -> bytes:
    return text.replace("**", "").encode("utf-8")


_KQ_ROW = re.compile(r"^(.+\?)\t(\d+%)$")


def percentage_on_its_own_line(text: str) -> bytes:
    """A table cell per line, as many PDF-to-text tools print a two-column table."""
    return re.sub(r"(?m)^(.+\?)\t(\d+%)$", r"\1\n\2", text).encode("utf-8")


def percentages_in_a_column(text: str) -> bytes:
    """Each table's questions first, then its percentages: a table read column by column."""
    out: list[str] = []
    rows: list[tuple[str, str]] = []
    for line in text.split("\n") + [""]:
        m = _KQ_ROW.match(line)
        if m:
            rows.append((m.group(1), m.group(2)))
            continue
        if rows:
            out += [q for q, _ in rows] + [p for _, p in rows]
            rows = []
        out.append(line)
    return "\n".join(out[:-1]).encode("utf-8")


def percentage_beside_a_wrapped_question(text: str) -> bytes:
    """The question wrapped in its cell with the percentage level with its first line."""
    def wrap(m: re.Match[str]) -> str:
        words = m.group(1).split(" ")
        half = len(words) // 2
        return " ".join(words[:half]) + "   " + m.group(2) + "\n" + " ".join(words[half:])
    return re.sub(r"(?m)^(.+\?)\t(\d+%)$", wrap, text).encode("utf-8")


def everything(text: str) -> bytes:
    damaged = broken_rating_words(rating_on_standard_line(text).decode()).decode()
    damaged = page_furniture(curly_quotes(damaged).decode()).decode()
    return crlf(no_bold(damaged).decode())


VARIANTS = [crlf, windows_1252, curly_quotes, rating_on_standard_line, broken_rating_words, page_furniture,
            rating_with_a_label, list_markers_lost, no_bold, percentage_on_its_own_line,
            percentages_in_a_column, percentage_beside_a_wrapped_question, everything]


@pytest.mark.parametrize("sample", SAMPLES)
@pytest.mark.parametrize("variant", VARIANTS, ids=lambda f: f.__name__)
def test_variant_gives_the_same_rows(sample, variant):
    original = extracted(sample)
    data = variant(sample_text(sample))
    assert data != sample_text(sample).encode("utf-8") or variant is no_bold
    got = extract_bytes(data, "variant-" + sample)
    assert not got.has_errors, got.issues
    assert got.report_id == original.report_id
    assert comparable(got) == comparable(original)


def test_windows_1252_is_recorded_as_a_warning():
    got = extract_bytes(windows_1252(sample_text(SAMPLES[0])), "w.txt")
    assert "encoding_fallback" in {i.code for i in got.issues}


def test_page_furniture_removal_is_recorded():
    got = extract_bytes(page_furniture(sample_text(SAMPLES[0])), "w.txt")
    codes = {i.code for i in got.issues}
    assert {"running_header_removed", "page_numbers_removed"} <= codes
    assert all(i.severity == "warning" for i in got.issues)


def test_the_variants_really_damage_the_text():
    text = sample_text(SAMPLES[0])
    assert "1.1 Leadership Requires improvement" in rating_on_standard_line(text).decode()
    assert "\nInadeq uate\n" in broken_rating_words(text).decode()
    assert "\nRequires improve- ment\n" in broken_rating_words(text).decode()
    assert "\u201cCFO hub" in curly_quotes(text).decode()


def test_key_question_layouts_really_move_the_percentages():
    text = sample_text(SAMPLES[0])
    assert "keeping other people safe?\n33%\n" in percentage_on_its_own_line(text).decode()
    column = percentages_in_a_column(text).decode()
    assert "Does assessment focus sufficiently on keeping other people safe?\n64%\n72%\n33%\n" in column
    beside = percentage_beside_a_wrapped_question(text).decode()
    assert "Does assessment focus sufficiently on   64%\nengaging the person on probation?\n" in beside


def test_a_percentage_without_its_question_is_reported_not_dropped():
    text = sample_text(SAMPLES[0]).replace(
        "Does assessment focus sufficiently on keeping other people safe?\t33%", "Unreadable cell\n33%")
    got = extract_bytes(text.encode("utf-8"), "w.txt")
    pct = [(k["standard_code"], k["yes_pct"]) for k in got.rows["key_questions"]]
    assert ("2.2", 64.0) in pct and ("2.2", 72.0) in pct and ("2.2", 33.0) not in pct
    assert "key_question_unpaired" in {i.code for i in got.issues}


def test_a_standard_whose_key_questions_cannot_be_read_is_reported():
    text = re.sub(r"(?m)^(Does (?:planning)[^\n]*\?)\t(\d+)%$", r"\1 (\2)", sample_text(SAMPLES[0]))
    got = extract_bytes(text.encode("utf-8"), "w.txt")
    assert not [k for k in got.rows["key_questions"] if k["standard_code"] == "2.3"]
    issues = [i for i in got.issues if i.code == "key_questions_not_found"]
    assert [i.message.split(":")[0] for i in issues] == ["standard 2.3"]


def test_lost_list_markers_are_recorded_as_warnings():
    text = sample_text(SAMPLES[0])
    damaged = list_markers_lost(text).decode()
    assert "\nfocus management oversight" in damaged and "\n- " not in damaged
    codes = {i.code for i in extract_bytes(damaged.encode(), "w.txt").issues}
    assert {"findings_without_bullets", "recommendations_unnumbered"} <= codes
